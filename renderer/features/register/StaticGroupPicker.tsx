import { Combobox, Field, Option, Tag, TagGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { GroupChoice, StaticGroupRef } from '../../../shared/ipc/device-schemas';
import { devicesStore } from '../../stores';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  option: { display: 'flex', flexDirection: 'column', gap: '2px' },
  why: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
});

/** Props of the static group picker. */
export interface StaticGroupPickerProps {
  value: readonly StaticGroupRef[];
  onChange: (groups: StaticGroupRef[]) => void;
}

/**
 * Searches the tenant's groups by name and collects the assigned security groups to add the devices to; groups that
 * cannot take devices (dynamic, Microsoft 365) are listed but cannot be picked, with the reason.
 */
export function StaticGroupPicker({ value, onChange }: StaticGroupPickerProps): React.JSX.Element {
  const styles = useStyles();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<GroupChoice[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout> | null; seq: number }>({ timer: null, seq: 0 });
  useEffect(() => {
    const state = pending.current;
    return () => {
      if (state.timer) clearTimeout(state.timer);
    };
  }, []);
  /** Searches as the person types (after a short pause); only the answer to the latest text is shown. */
  const search = (typed: string): void => {
    setQuery(typed);
    const state = pending.current;
    if (state.timer) clearTimeout(state.timer);
    const seq = ++state.seq;
    const text = typed.trim();
    if (text.length < 2) {
      setResults([]);
      setMessage(null);
      return;
    }
    state.timer = setTimeout(() => {
      void devicesStore
        .getState()
        .searchGroups(text)
        .then((found) => {
          if (seq !== pending.current.seq) return;
          if (!found.ok) {
            setResults([]);
            setMessage(found.message);
            return;
          }
          setResults(found.groups);
          setOpen(found.groups.length > 0);
          setMessage(found.groups.length === 0 ? `No group name has a word starting with “${text}”.` : null);
        });
    }, 250);
  };
  const pick = (id: string | undefined): void => {
    const group = results.find((g) => g.id === id);
    if (group?.assignable && !value.some((g) => g.id === group.id))
      onChange([...value, { id: group.id, name: group.displayName }]);
    search('');
    setOpen(false);
  };
  return (
    <div className={styles.root}>
      <Field
        label="Static groups (optional)"
        hint="Assigned security groups to add the devices to at “In group”, once their Entra device object exists. Needs GroupMember.ReadWrite.All."
        validationMessage={message}
        validationState={message ? 'warning' : 'none'}
      >
        <Combobox
          freeform
          placeholder="Search groups by name"
          value={query}
          selectedOptions={[]}
          open={open && results.length > 0}
          onOpenChange={(_, data) => setOpen(data.open)}
          onChange={(event) => search(event.target.value)}
          onOptionSelect={(_, data) => pick(data.optionValue)}
        >
          {results.map((group) => (
            <Option key={group.id} value={group.id} text={group.displayName} disabled={!group.assignable}>
              <span className={styles.option}>
                <Text>{group.displayName}</Text>
                {group.reason && <span className={styles.why}>Cannot take devices: {group.reason}</span>}
              </span>
            </Option>
          ))}
        </Combobox>
      </Field>
      {value.length > 0 && (
        <TagGroup
          aria-label="Chosen static groups"
          onDismiss={(_, data) => onChange(value.filter((g) => g.id !== data.value))}
        >
          {value.map((group) => (
            <Tag key={group.id} value={group.id} dismissible dismissIcon={{ 'aria-label': `Remove ${group.name}` }}>
              {group.name}
            </Tag>
          ))}
        </TagGroup>
      )}
    </div>
  );
}
