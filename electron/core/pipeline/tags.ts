import type { AutopilotApi } from '../graph/autopilot-api';
import type { Capabilities } from '../graph/permissions';
import type { Journal } from '../store/journal';
import { chainFor, readTenantChains, tagsInRules, type TagChain } from './tag-chains';

/** Every known tag with its chain: tags in group rules, tags used by registered devices, the journal's and configured ones. */
export async function discoverTags(
  api: AutopilotApi,
  caps: Capabilities,
  journal: Journal,
  configured: string[],
  signal?: AbortSignal,
): Promise<{ chains: TagChain[]; skipped: string[] }> {
  const tenant = await readTenantChains(api, caps, signal);
  const sources = new Map<string, Set<TagChain['sources'][number]>>();
  const add = (tag: string, source: TagChain['sources'][number]): void => {
    if (!tag.trim()) return;
    const key = tag.trim();
    const existing = [...sources.keys()].find((known) => known.toUpperCase() === key.toUpperCase()) ?? key;
    sources.set(existing, (sources.get(existing) ?? new Set()).add(source));
  };
  for (const tag of tagsInRules(tenant)) add(tag, 'rule');
  const registered = await api.listIdentities(signal);
  for (const identity of registered ?? []) add(identity.groupTag, 'devices');
  for (const device of journal.all()) add(device.groupTag, 'journal');
  for (const tag of configured) add(tag, 'configured');
  const chains = [...sources.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, from]) => {
      const prefix = tag.endsWith('*') && from.has('rule') ? tag.slice(0, -1) : undefined;
      return { ...chainFor(tenant, prefix ?? tag, [...from]), tag, ...(prefix !== undefined ? { prefix } : {}) };
    });
  return { chains, skipped: tenant.skipped };
}
