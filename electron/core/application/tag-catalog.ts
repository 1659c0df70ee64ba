import type { TagChain } from '../../../shared/ipc/device-schemas';
import type { BackendTag } from './registration-backend';

/**
 * The tags the picker offers: discovered in the tenant (with group and profile), configured by the
 * organisation, and in use on the board; matched case-insensitively as Entra matches [OrderID] values.
 * A tag the tenant does not know gets a warning that no profile will reach it.
 */
export function mergeTagChains(
  tenant: readonly BackendTag[],
  configured: readonly string[],
  inUse: readonly string[],
): TagChain[] {
  const chains = new Map<string, TagChain>();
  for (const tag of tenant) {
    // A prefix rule ("OD-K*") is not a tag anyone can type into a device; the tags it matches list it as their group.
    if (tag.tag.includes('*')) continue;
    chains.set(tag.tag.toUpperCase(), {
      ...tag,
      sources: ['tenant'],
      warning: tag.warning ?? (tag.profiles.length === 0 ? 'No deployment profile targets its group.' : null),
    });
  }
  const addSource = (tag: string, source: TagChain['sources'][number]): void => {
    const chain = chains.get(tag.toUpperCase());
    if (chain) {
      if (!chain.sources.includes(source)) chain.sources.push(source);
      return;
    }
    chains.set(tag.toUpperCase(), {
      tag,
      sources: [source],
      groups: [],
      profiles: [],
      warning: 'No dynamic group in the tenant selects this tag, so no profile will reach it.',
    });
  };
  for (const tag of configured) addSource(tag, 'configuration');
  for (const tag of inUse) if (tag) addSource(tag, 'in-use');
  return [...chains.values()].sort((a, b) => a.tag.localeCompare(b.tag));
}
