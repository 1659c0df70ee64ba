import { UsageError, stringOption, type ParsedValues } from './options';

/** The options that choose the group tag of the devices a command registers. */
export const TAG_OPTIONS = {
  tag: { type: 'string' },
  'no-tag': { type: 'boolean' },
} as const;

/**
 * What the command line chose: one tag for every device (`--tag T`, which wins over a file's Group Tag
 * column), each device's own tag from its file (`--no-tag`; a row without one is registered without a tag),
 * or nothing yet (neither flag given).
 */
export type TagChoice = { kind: 'tag'; tag: string } | { kind: 'own' } | { kind: 'unchosen' };

/** Reads --tag / --no-tag; refuses both together and an empty tag. */
export function readTagChoice(values: ParsedValues): TagChoice {
  const tag = stringOption(values, 'tag');
  const noTag = values['no-tag'] === true;
  if (tag !== undefined && noTag) throw new UsageError('--tag and --no-tag contradict each other: give one of them');
  if (tag !== undefined && tag.trim() === '')
    throw new UsageError("--tag needs a group tag (for no tag at all, or each row's own, use --no-tag)");
  if (tag !== undefined) return { kind: 'tag', tag: tag.trim() };
  return noTag ? { kind: 'own' } : { kind: 'unchosen' };
}

/** The engine's groupTag option for a choice: set for --tag, absent (each device keeps its own) for --no-tag. */
export function groupTagOption(choice: TagChoice): { groupTag?: string } {
  return choice.kind === 'tag' ? { groupTag: choice.tag } : {};
}

/**
 * Refuses a registration whose tag was not chosen: without a tag a device matches no dynamic group rule
 * and ends "not assigned". `tags` counts the devices' own tags from their files (empty for none).
 */
export function requireTagChoice(choice: TagChoice, tags: readonly string[] = []): void {
  if (choice.kind !== 'unchosen') return;
  const own = tags.filter((tag) => tag.trim() !== '').length;
  const counted =
    tags.length === 0
      ? ''
      : ` (${own} of ${tags.length} device(s) carry their own Group Tag in the file${own === tags.length ? '' : `; ${tags.length - own} carry none`})`;
  throw new UsageError(
    `choose the group tag: --tag T for every device, or --no-tag to keep each device's own Group Tag from its file${counted}. ` +
      'Nothing was sent to the tenant.',
  );
}
