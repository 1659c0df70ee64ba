import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
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
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import { api } from '../../api';
import { downloadText } from '../../components/download';
import { catalogStore, devicesStore, useCatalog } from '../../stores';
import { useReturnFocus } from '../../components/return-focus';

const useStyles = makeStyles({
  surface: { maxWidth: '1400px', width: 'calc(100vw - 48px)' },
  wrap: { maxHeight: '460px', overflowY: 'auto' },
  time: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  timeColumn: { width: '170px' },
  whoColumn: { width: '200px' },
  // The reason of a rejected row or a failure is what a person reads: never squeezed to a word per line.
  detailColumn: { width: '300px' },
  serialColumn: { width: '130px' },
  breakable: { wordBreak: 'break-word' },
  detail: { fontSize: tokens.fontSizeBase200 },
});

const OUTCOME = { ok: 'brand', failed: 'danger', info: 'informative', warning: 'warning' } as const;

const two = (n: number): string => String(n).padStart(2, '0');

/** An entry's date and time in this computer's time zone, e.g. 2026-03-02 08:00:05. */
function activityTime(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The audit trail (who registered what, when, with which tag, outcome) and its CSV export. */
export function ActivityDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const styles = useStyles();
  useReturnFocus();
  const entries = useCatalog((s) => s.activity);
  useEffect(() => void catalogStore.getState().loadActivity(), []);
  const exportLog = async (): Promise<void> => {
    const result = await api.invoke('activity:export', {});
    if (result.ok) downloadText(result.value.fileName, result.value.content);
    else devicesStore.getState().notify({ intent: 'error', title: 'Export failed', body: result.error.message });
  };
  const newestFirst = [...entries].reverse().slice(0, 500);
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Activity log</DialogTitle>
          <DialogContent>
            {entries.length === 0 ? (
              <Text>Nothing has happened yet.</Text>
            ) : (
              <div className={styles.wrap}>
                <Table size="small" aria-label="Activity, newest first">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell className={styles.timeColumn}>Date and time</TableHeaderCell>
                      <TableHeaderCell>Tenant</TableHeaderCell>
                      <TableHeaderCell className={styles.whoColumn}>Who</TableHeaderCell>
                      <TableHeaderCell>Action</TableHeaderCell>
                      <TableHeaderCell className={styles.serialColumn}>Serial</TableHeaderCell>
                      <TableHeaderCell>Tag</TableHeaderCell>
                      <TableHeaderCell>Outcome</TableHeaderCell>
                      <TableHeaderCell className={styles.detailColumn}>Detail</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {newestFirst.map((e) => (
                      <TableRow key={e.id}>
                        <TableCell className={styles.time}>
                          <time dateTime={e.at}>{activityTime(e.at)}</time>
                        </TableCell>
                        <TableCell className={styles.breakable}>{e.tenant || '—'}</TableCell>
                        <TableCell>{e.actor}</TableCell>
                        <TableCell>{e.action}</TableCell>
                        <TableCell>{e.serial || '—'}</TableCell>
                        <TableCell>{e.groupTag || '—'}</TableCell>
                        <TableCell>
                          <Badge appearance="tint" shape="rounded" color={OUTCOME[e.outcome]}>
                            {e.outcome}
                          </Badge>
                        </TableCell>
                        <TableCell className={styles.detail}>{e.detail}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
          </DialogContent>
          <DialogActions>
            <Button icon={<ArrowDownloadRegular />} onClick={() => void exportLog()}>
              Export CSV
            </Button>
            <Button appearance="primary" onClick={onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
