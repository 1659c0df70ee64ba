import { Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { TenantRecord } from '../../../shared/domain/tenant-record';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** What to do with devices whose serial the tenant already has. */
export type ExistingChoice = 'keep' | 'replace';

/** The first choice to offer: replace when a record reports a hardware change, keep otherwise. */
export function suggestedChoice(records: readonly TenantRecord[]): ExistingChoice {
  return records.some((record) => record.hardwareChange !== 'none') ? 'replace' : 'keep';
}

/** Says which serials are already registered in the tenant and offers keep (update its tag) or replace. */
export function ExistingRecordChoice({
  records,
  choice,
  onChange,
}: {
  records: readonly TenantRecord[];
  choice: ExistingChoice;
  onChange: (choice: ExistingChoice) => void;
}): React.JSX.Element {
  const styles = useStyles();
  return (
    <div className={styles.box} data-testid="existing-records">
      <Text weight="semibold">
        {records.length === 1 ? 'This serial is' : `${records.length} serials are`} already registered in this tenant:
      </Text>
      <ul className={styles.list}>
        {records.map((record) => (
          <li key={record.id}>
            {record.serialNumber}: tag {record.groupTag || 'none'}, {record.profileStatusText}
            {record.enrolled ? ', enrolled in Intune' : ''}
          </li>
        ))}
      </ul>
      <RadioGroup
        aria-label="What to do with the existing records"
        value={choice}
        onChange={(_, data) => onChange(data.value as ExistingChoice)}
      >
        <Radio
          value="keep"
          label="Keep the existing record and update its tag and user. OOBE keeps using the hash registered before: right when this is the same device (re-imaged)."
        />
        <Radio
          value="replace"
          label="Replace it (motherboard changed): deregister the existing record, then register this new hash (keeping the record's tag and user unless given new ones). OOBE shows no profile until the new record is assigned (minutes). Refused while the device is enrolled in Intune."
        />
      </RadioGroup>
    </div>
  );
}
