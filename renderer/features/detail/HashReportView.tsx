import { MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { HashReport } from '../../../shared/ipc/device-schemas';

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: '150px 1fr',
    rowGap: tokens.spacingVerticalXXS,
    columnGap: tokens.spacingHorizontalS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  pair: { display: 'contents' },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/** What the hash says about the device (decoded offline) and what is wrong with it. */
export function HashReportView({ report }: { report: HashReport }): React.JSX.Element {
  const styles = useStyles();
  const d = report.decoded;
  const facts: [string, string][] = d
    ? [
        ['Serial in the hash', d.serial || '(empty)'],
        ['Manufacturer', d.manufacturer || '(empty)'],
        ['Model', d.model || '(empty)'],
        ['SMBIOS UUID', d.uuid || '(none)'],
        ['TPM', d.hasTpm ? d.tpmVersion || 'present' : 'none in the hash'],
        ['Network adapters', String(d.networkAdapters)],
        ['OS build', d.osBuild || 'unknown'],
        ['Captured', d.capturedAt ? new Date(d.capturedAt).toLocaleString(undefined, { hour12: false }) : 'unknown'],
        ['Length', `${d.chars} characters`],
      ]
    : [];
  return (
    <div className={styles.list}>
      <MessageBar intent={!report.ok ? 'error' : report.warnings.length > 0 ? 'warning' : 'info'}>
        <MessageBarBody>
          {!report.ok
            ? 'The hash is damaged and cannot be uploaded.'
            : report.warnings.length > 0
              ? `Valid, with ${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}.`
              : 'Valid: structure and checksum verified.'}
        </MessageBarBody>
      </MessageBar>
      {[...report.errors, ...report.warnings].map((f) => (
        <Text key={f.code} size={200}>
          • {f.message}
        </Text>
      ))}
      {d && (
        <dl className={styles.facts}>
          {facts.map(([term, value]) => (
            <div key={term} className={styles.pair}>
              <dt className={styles.term}>{term}</dt>
              <dd className={styles.value}>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
