import { Combobox, Field, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowRight12Regular, CheckmarkCircle16Regular, Warning16Filled } from '@fluentui/react-icons';
import { useId, useState } from 'react';
import type { TagChain } from '../../../shared/ipc/device-schemas';
import { chainOf, leadsToProfile, tagProblem } from './tag-rules';

const useStyles = makeStyles({
  option: { display: 'flex', flexDirection: 'column', gap: '2px' },
  tag: { fontWeight: tokens.fontWeightSemibold },
  chain: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXXS,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  warn: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorPaletteDarkOrangeForeground1,
  },
  good: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
});

/** "Group → Profile" for a chain, or its warning. */
export function ChainLine({ chain }: { chain: TagChain }): React.JSX.Element {
  const styles = useStyles();
  if (!leadsToProfile(chain)) {
    return (
      <span className={styles.warn}>
        <Warning16Filled aria-hidden />
        {chain.groups.length > 0 ? `Group ${chain.groups.map((g) => g.name).join(', ')}: ` : ''}
        {chain.warning ?? 'No deployment profile targets its group.'}
      </span>
    );
  }
  return (
    <span className={styles.chain}>
      Group {chain.groups.map((g) => g.name).join(', ') || '(unknown)'}
      <ArrowRight12Regular aria-label="leads to" />
      Profile {chain.profiles.map((p) => p.name).join(', ')}
    </span>
  );
}

/** Props of the tag picker. */
export interface TagPickerProps {
  value: string;
  onChange: (tag: string) => void;
  tags: readonly TagChain[];
  label?: string;
  hint?: string;
}

/** The known tags whose name contains the typed text (case-insensitive); every tag when nothing was typed. */
export function matchingTags(tags: readonly TagChain[], typed: string | null): readonly TagChain[] {
  const needle = (typed ?? '').trim().toUpperCase();
  return needle === '' ? tags : tags.filter((chain) => chain.tag.toUpperCase().includes(needle));
}

/**
 * Fluent combobox of known tags, each with the group and profile it leads to; typing filters the list, and free text
 * is allowed and validated.
 */
export function TagPicker({ value, onChange, tags, label = 'Group tag', hint }: TagPickerProps): React.JSX.Element {
  const styles = useStyles();
  const chainId = useId();
  // What was typed since the list last opened or an option was picked: opening the list shows every tag.
  const [typed, setTyped] = useState<string | null>(null);
  const shown = matchingTags(tags, typed);
  const problem = tagProblem(value);
  const chain = value ? chainOf(tags, value) : undefined;
  let status: React.ReactNode = null;
  let state: 'error' | 'warning' | 'none' = 'none';
  let help: React.ReactNode = hint ?? 'Choose a known tag or type one.';
  if (problem) {
    status = problem;
    state = 'error';
  } else if (value && !leadsToProfile(chain)) {
    state = 'warning';
    status = chain
      ? `"${chain.tag}" leads to no deployment profile: registered devices would not become ready. ${chain.warning ?? ''}`
      : `"${value}" is not known in the tenant: no dynamic group selects it, so no profile will reach these devices.`;
  } else if (chain) {
    help = (
      <span className={styles.good}>
        <CheckmarkCircle16Regular aria-hidden />
        <ChainLine chain={chain} />
      </span>
    );
  }
  return (
    <Field label={label} validationState={state} validationMessage={status} hint={state === 'none' ? help : undefined}>
      <Combobox
        freeform
        aria-describedby={chainId}
        placeholder="Type or choose a tag"
        value={value}
        selectedOptions={chain ? [chain.tag] : []}
        onChange={(event) => {
          setTyped(event.target.value);
          onChange(event.target.value);
        }}
        onOptionSelect={(_, data) => {
          // The "no match" line is not a tag.
          if (!data.optionValue) return;
          setTyped(null);
          onChange(data.optionValue);
        }}
        onOpenChange={(_, data) => {
          if (!data.open) setTyped(null);
        }}
        // Fluent leaves aria-activedescendant pointing at an option of the closed (unmounted) list after
        // typing; screen readers would announce nothing and axe flags it, so drop it when focus leaves.
        onBlur={(event) => event.currentTarget.removeAttribute('aria-activedescendant')}
      >
        {shown.map((t) => (
          <Option key={t.tag} value={t.tag} text={t.tag}>
            <div className={styles.option}>
              <Text className={styles.tag}>{t.tag}</Text>
              <ChainLine chain={t} />
            </div>
          </Option>
        ))}
        {shown.length === 0 && typed !== null && (
          // Fluent's own pattern for "no match": an option that cannot be picked.
          <Option aria-disabled="true" key="no-match" text="" value="">
            {`No known tag contains "${typed.trim()}": it is used as typed.`}
          </Option>
        )}
      </Combobox>
      <span id={chainId} hidden>
        {chain ? `${chain.tag}: ${leadsToProfile(chain) ? 'leads to a profile' : 'leads to no profile'}` : ''}
      </span>
    </Field>
  );
}
