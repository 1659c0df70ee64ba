import {
  Badge,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { DoctorReport } from '../../../shared/ipc/settings-schemas';

type Permission = DoctorReport['permissions'][number];

/**
 * How a permission's status reads: an optional one that is absent is said as such in a neutral colour (the
 * console works without it), a missing required one is an error, a missing recommended one a warning.
 */
function permissionStatus(p: Permission): {
  text: string;
  color: 'brand' | 'danger' | 'warning' | 'informative';
  optionalAbsent: boolean;
} {
  if (p.granted) return { text: 'Granted', color: 'brand', optionalAbsent: false };
  if (p.level === 'optional') return { text: 'Optional, not granted', color: 'informative', optionalAbsent: true };
  return { text: 'Missing', color: p.level === 'required' ? 'danger' : 'warning', optionalAbsent: false };
}

const useStyles = makeStyles({
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/** The doctor's result: sign-in, each permission granted, missing or optional and absent with what it unlocks, and each read. */
export function PermissionsTable({ report }: { report: DoctorReport }): React.JSX.Element {
  const styles = useStyles();
  return (
    <div className={styles.block} data-testid="doctor-report">
      <Text weight="semibold">
        {report.target}: {report.signIn.ok ? 'signed in' : 'sign-in failed'} — {report.signIn.message}
      </Text>
      {report.tested && (
        <Text size={200} data-testid="doctor-tested">
          Tested {report.tested.saved ? 'the saved values' : 'the values in the form (not saved)'}:{' '}
          {report.tested.values}
        </Text>
      )}
      {report.permissions.length > 0 && (
        <Table size="small" aria-label="Permissions">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Permission</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>What it unlocks</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.permissions.map((p) => {
              const status = permissionStatus(p);
              return (
                <TableRow key={p.name} data-testid="permission-row">
                  <TableCell>
                    {p.name} <Text size={200}>({p.level})</Text>
                  </TableCell>
                  <TableCell>
                    <Badge appearance="tint" shape="rounded" color={status.color}>
                      {status.text}
                    </Badge>
                  </TableCell>
                  <TableCell>{status.optionalAbsent ? `Needed only for ${p.unlocks}` : p.unlocks}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {report.checks.map((check) => (
        <Text key={check.area} size={200}>
          {check.ok ? '✓' : '✗'} {check.area}: {check.message}
        </Text>
      ))}
    </div>
  );
}
