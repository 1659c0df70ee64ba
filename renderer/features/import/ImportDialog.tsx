import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  mergeClasses,
  shorthands,
  tokens,
} from '@fluentui/react-components';
import { DocumentArrowUpRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import { fileLimitFor, fileSizeProblem, MAX_CONSOLE_FILE_BYTES } from '../../../shared/domain/csv/limits';
import { registeredSerial } from '../../../shared/domain/device';
import { readFileBytes } from '../../components/read-file';
import type { TenantRecord } from '../../../shared/domain/tenant-record';
import { catalogStore, devicesStore, recordsStore, useCatalog } from '../../stores';
import { ExistingRecordChoice, suggestedChoice, type ExistingChoice } from '../register/ExistingRecordChoice';
import { TagPicker } from '../tags/TagPicker';
import { UserField } from '../tags/UserField';
import { chainOf, leadsToProfile, tagProblem, userProblem } from '../tags/tag-rules';
import { ImportReportTable, verdictCounts } from './ImportReportTable';

/** "file.csv: 20 rows · 18 to add (1 with a warning) · 1 already on the board · 1 cannot be added". */
function summaryOf(fileName: string, rows: number, counts: ReturnType<typeof verdictCounts> | null): string {
  if (!counts) return fileName;
  const parts = [`${rows} row${rows === 1 ? '' : 's'}`];
  const toAdd = counts.ok + counts.warning;
  parts.push(
    `${toAdd} to add${counts.warning > 0 ? ` (${counts.warning} with ${counts.warning === 1 ? 'a warning' : 'warnings'})` : ''}`,
  );
  if (counts.onBoard > 0) parts.push(`${counts.onBoard} already on the board`);
  if (counts.invalid > 0) parts.push(`${counts.invalid} cannot be added`);
  return `${fileName}: ${parts.join(' · ')}`;
}
import { useReturnFocus } from '../../components/return-focus';

const useStyles = makeStyles({
  surface: { maxWidth: '1000px', width: 'calc(100vw - 48px)' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  drop: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  dragging: { ...shorthands.borderColor(tokens.colorBrandStroke1), backgroundColor: tokens.colorBrandBackground2 },
  fields: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  summary: { fontWeight: tokens.fontWeightSemibold },
});

/** Files up to this many new devices are checked against the tenant before registering (one look-up each). */
const CHECK_LIMIT = 500;

/** Import CSV: choose or drop a file; its bytes go to main, which reports every row; then add (and register) the good ones. */
export function ImportDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const styles = useStyles();
  useReturnFocus();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const { report, reading, importError, tags } = useCatalog((s) => s);
  // Empty at first: a tag used before (on other devices) is not these rows' tag.
  const [tag, setTag] = useState('');
  const [override, setOverride] = useState(false);
  const [user, setUser] = useState('');
  const [busy, setBusy] = useState(false);
  const [existing, setExisting] = useState<readonly TenantRecord[] | null>(null);
  const [choice, setChoice] = useState<ExistingChoice>('keep');
  useEffect(() => () => catalogStore.getState().clearImport(), []);

  const readFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    // Said before a byte is read: a file too large for the console never reaches the page's memory.
    const tooLarge = fileSizeProblem(file.name, file.size, fileLimitFor(file.name, MAX_CONSOLE_FILE_BYTES));
    if (tooLarge) {
      catalogStore.setState({ report: null, reading: false, importError: tooLarge });
      return;
    }
    await catalogStore.getState().readFile(file.name, await readFileBytes(file));
  };
  const verdicts = report ? verdictCounts(report) : null;
  const addable = verdicts ? verdicts.ok + verdicts.warning : 0;
  const invalid = tagProblem(tag) !== null || userProblem(user) !== null;
  const noProfile = tag !== '' && !leadsToProfile(chainOf(tags, tag));
  const queue = async (register: boolean): Promise<void> => {
    setBusy(true);
    const rows = report ? report.rows.filter((r) => r.status !== 'invalid' && !r.onBoard) : [];
    if (register && existing === null && rows.length > 0 && rows.length <= CHECK_LIMIT) {
      // Before registering: say which serials the tenant already has and offer keep or replace.
      const found = (await recordsStore.getState().check(rows.map((r) => r.serial)))?.flatMap((r) => r.records) ?? [];
      if (found.length > 0) {
        setExisting(found);
        setChoice(suggestedChoice(found));
        setBusy(false);
        return;
      }
    }
    const replacing = register && choice === 'replace' && (existing?.length ?? 0) > 0;
    const added = await catalogStore.getState().queueImport({
      ...(tag ? { groupTag: tag } : {}),
      ...(user ? { assignedUser: user } : {}),
      overrideTags: override,
      register: register && !replacing,
    });
    if (added && replacing) {
      const known = new Set((existing ?? []).map((record) => record.serialNumber.toUpperCase()));
      const byId = devicesStore.getState().byId;
      const replace = added.filter((id) => known.has((byId[id] ? registeredSerial(byId[id]) : id).toUpperCase()));
      await devicesStore.getState().register(added, {}, replace);
    }
    setBusy(false);
    if (added) {
      devicesStore
        .getState()
        .notify({ intent: 'success', title: `${added.length} devices added${register ? ' and registering' : ''}` });
      void catalogStore.getState().loadTags();
      onClose();
    }
  };

  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Import CSV</DialogTitle>
          <DialogContent className={styles.content}>
            <div
              className={mergeClasses(styles.drop, dragging && styles.dragging)}
              data-testid="drop-zone"
              onDragOver={(event) => {
                event.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={(event) => {
                event.preventDefault();
                setDragging(false);
                void readFile(event.dataTransfer.files[0]);
              }}
            >
              <DocumentArrowUpRegular fontSize={32} aria-hidden />
              <Text>Drop an Intune or Get-WindowsAutopilotInfo CSV (or a hash file) here, or</Text>
              <Button onClick={() => input.current?.click()}>Choose file…</Button>
              <input
                ref={input}
                type="file"
                accept=".csv,.txt,text/csv"
                hidden
                aria-label="CSV file"
                data-testid="csv-input"
                onChange={(event) => {
                  void readFile(event.target.files?.[0]);
                  event.target.value = '';
                }}
              />
            </div>
            {reading && <Spinner size="small" label="Checking every row…" />}
            {importError && (
              <MessageBar intent="error">
                <MessageBarBody>{importError}</MessageBarBody>
              </MessageBar>
            )}
            {report && (
              <>
                <Text className={styles.summary} aria-live="polite" data-testid="import-summary">
                  {summaryOf(report.fileName, report.rows.length, verdicts)}
                </Text>
                {report.fileProblems.map((p) => (
                  <MessageBar key={p.code + p.message} intent={p.severity === 'error' ? 'error' : 'warning'}>
                    <MessageBarBody>{p.message}</MessageBarBody>
                  </MessageBar>
                ))}
                <ImportReportTable report={report} pickedTag={tagProblem(tag) ? '' : tag} overrideTags={override} />
                <div className={styles.fields}>
                  <div>
                    <TagPicker
                      value={tag}
                      onChange={setTag}
                      tags={tags}
                      hint={
                        override
                          ? 'Applied to every row.'
                          : 'Applied to rows without a tag; leave it empty to keep each row’s own tag.'
                      }
                    />
                    <Checkbox
                      label="Use this tag for every row, replacing the file’s tags"
                      checked={override}
                      onChange={(_, data) => setOverride(data.checked === true)}
                    />
                  </div>
                  <UserField value={user} onChange={setUser} />
                </div>
                {existing && existing.length > 0 && (
                  <ExistingRecordChoice records={existing} choice={choice} onChange={setChoice} />
                )}
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button disabled={!report || addable === 0 || invalid || busy} onClick={() => void queue(false)}>
              Add {addable} to the board
            </Button>
            <Button
              appearance="primary"
              disabled={!report || addable === 0 || invalid || busy}
              onClick={() => void queue(true)}
            >
              {existing && existing.length > 0
                ? `${choice === 'replace' ? 'Replace' : 'Keep'} and register ${addable}`
                : noProfile
                  ? `Add and register ${addable} anyway (no profile)`
                  : `Add and register ${addable}`}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
