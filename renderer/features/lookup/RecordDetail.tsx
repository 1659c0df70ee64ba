import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { TenantRecord } from '../../../shared/domain/tenant-record';
import { CopyValue } from '../detail/CopyValue';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  why: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

const shown = (value: string): string => value || '(none)';

function statusColor(record: TenantRecord): 'success' | 'warning' | 'danger' | 'informative' {
  if (record.hardwareChange === 'attention-required' || record.profileStatus.toLowerCase() === 'failed')
    return 'danger';
  if (record.profileStatus.toLowerCase() === 'assignedinsync') return 'success';
  if (record.hardwareChange === 'fix-pending' || record.profileStatus.toLowerCase() === 'notassigned') return 'warning';
  return 'informative';
}

/** One Autopilot record as the Intune blade shows it, with why it has its profile. */
export function RecordDetail({ record }: { record: TenantRecord }): React.JSX.Element {
  const styles = useStyles();
  const intended =
    record.intendedProfile && record.intendedProfile.id !== record.assignedProfile?.id ? record.intendedProfile : null;
  const rows: [string, React.ReactNode][] = [
    [
      'Profile status',
      <Badge key="s" appearance="tint" shape="rounded" color={statusColor(record)}>
        {record.profileStatusText}
      </Badge>,
    ],
    ['Group tag', shown(record.groupTag)],
    ['Assigned user', shown(record.assignedUser)],
    ['Device name', shown(record.deviceName)],
    [
      'Assigned profile',
      record.assignedProfile
        ? `${record.assignedProfile.name}${record.assignedAt ? ` (since ${new Date(record.assignedAt).toLocaleString()})` : ''}`
        : '(none)',
    ],
    ...(intended ? [['Intended profile', intended.name] as [string, React.ReactNode]] : []),
    [
      'Tag chain',
      record.chain
        ? `${shown(record.groupTag)} → ${record.chain.groups.map((g) => g.name).join(', ') || 'no dynamic group'} → ${record.chain.profile?.name ?? 'no profile'}`
        : 'not readable',
    ],
    ['Enrollment', `${record.enrollmentState}${record.enrolled ? ' (enrolled in Intune)' : ''}`],
    [
      'Entra groups',
      record.entraGroups
        ? record.entraGroups.map((g) => g.name).join(', ') || '(none)'
        : (record.entraNote ?? 'not read'),
    ],
    ['Last contact', record.lastContactedAt ? new Date(record.lastContactedAt).toLocaleString() : 'never'],
    ['Make and model', `${record.manufacturer} ${record.model}`],
  ];
  return (
    <section aria-label={`Autopilot record of ${record.serialNumber}`} data-testid="tenant-record">
      <Text as="h3" size={400} weight="semibold">
        {record.serialNumber}
      </Text>
      <dl className={styles.grid}>
        {rows.map(([term, value]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.value}>{value}</dd>
          </div>
        ))}
      </dl>
      <Text as="h4" weight="semibold">
        Why this profile
      </Text>
      <ul className={styles.why} data-testid="record-why">
        {record.why.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <CopyValue label="Autopilot device id" value={record.id} />
      <CopyValue label="Entra device id" value={record.entraDeviceId || null} />
    </section>
  );
}
