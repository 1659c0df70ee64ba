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
import type { ImportReport } from '../../../shared/ipc/device-schemas';

const useStyles = makeStyles({
  wrap: {
    maxHeight: '260px',
    overflowY: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  problems: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    margin: 0,
    paddingLeft: tokens.spacingHorizontalM,
    fontSize: tokens.fontSizeBase200,
  },
  error: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  serial: { fontFamily: tokens.fontFamilyMonospace },
  line: { width: '56px' },
  picked: { color: tokens.colorBrandForeground1 },
  status: { width: '170px' },
});

/** What happens to a row, in the words the summary and the buttons use too. */
const VERDICTS = {
  ok: { label: 'To add', color: 'informative' },
  warning: { label: 'To add, with warning', color: 'warning' },
  onBoard: { label: 'Already on the board', color: 'subtle' },
  invalid: { label: 'Cannot be added', color: 'danger' },
} as const;

/** A row's verdict: invalid rows cannot be added, valid rows already on the board are skipped, the rest are added. */
function verdictOf(row: ImportReport['rows'][number]): keyof typeof VERDICTS {
  if (row.status === 'invalid') return 'invalid';
  return row.onBoard ? 'onBoard' : row.status;
}

/** Rows per verdict: the summary line and the buttons count with this, so they always agree with the rows. */
export function verdictCounts(report: ImportReport): Record<keyof typeof VERDICTS, number> {
  const counts = { ok: 0, warning: 0, onBoard: 0, invalid: 0 };
  for (const row of report.rows) counts[verdictOf(row)]++;
  return counts;
}

const RANK = { invalid: 0, warning: 1, ok: 2 } as const;

/** Rows that need a look first (not added, then warnings), each group in file order. */
function problemsFirst(rows: ImportReport['rows']): ImportReport['rows'] {
  return [...rows].sort((a, b) => RANK[a.status] - RANK[b.status] || a.line - b.line);
}

/**
 * Every row of the file with its verdict: what will not be added and why, what has warnings, what is
 * fine. Rows without a tag show the tag they will get (`pickedTag`).
 */
export function ImportReportTable({
  report,
  pickedTag = '',
  overrideTags = false,
}: {
  report: ImportReport;
  pickedTag?: string;
  overrideTags?: boolean;
}): React.JSX.Element {
  const styles = useStyles();
  return (
    <div className={styles.wrap} tabIndex={0} role="region" aria-label={`Report on ${report.fileName}`}>
      <Table size="small" aria-label={`Rows of ${report.fileName}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.line}>Line</TableHeaderCell>
            <TableHeaderCell>Serial</TableHeaderCell>
            <TableHeaderCell>Make and model</TableHeaderCell>
            <TableHeaderCell>Tag</TableHeaderCell>
            <TableHeaderCell className={styles.status}>Verdict</TableHeaderCell>
            <TableHeaderCell>Problems</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {problemsFirst(report.rows).map((row) => {
            const verdict = verdictOf(row);
            const status = VERDICTS[verdict];
            return (
              <TableRow key={row.line} data-testid="import-row" data-status={row.status} data-verdict={verdict}>
                <TableCell>{row.line}</TableCell>
                <TableCell className={styles.serial}>{row.serial || '—'}</TableCell>
                <TableCell>{[row.manufacturer, row.model].filter(Boolean).join(' ') || '—'}</TableCell>
                <TableCell>
                  {pickedTag && (overrideTags || !row.groupTag) && row.status !== 'invalid' ? (
                    <span className={styles.picked}>{pickedTag} (picked)</span>
                  ) : (
                    row.groupTag || '—'
                  )}
                </TableCell>
                <TableCell>
                  <Badge appearance="tint" color={status.color} shape="rounded">
                    {status.label}
                  </Badge>
                </TableCell>
                <TableCell>
                  {row.problems.length === 0 && !row.onBoard ? (
                    <Text size={200}>—</Text>
                  ) : (
                    <ul className={styles.problems}>
                      {row.onBoard && <li>Already on the board: skipped, the board keeps one row per device.</li>}
                      {row.problems.map((problem) => (
                        <li
                          key={problem.code + problem.message}
                          className={problem.severity === 'error' ? styles.error : styles.warning}
                        >
                          {problem.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
