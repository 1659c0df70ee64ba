import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Spinner,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular, SearchRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { parseSerials } from '../../../shared/domain/tenant-record';
import { recordsStore, useRecords } from '../../stores';
import { RecordActions } from './RecordActions';
import { RecordDetail } from './RecordDetail';

const useStyles = makeStyles({
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    paddingBottom: tokens.spacingVerticalXL,
  },
  query: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  textarea: { width: '100%' },
  results: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
});

/** Messages of the last action and sync, one per serial. */
function Outcomes(): React.JSX.Element | null {
  const outcomes = useRecords((s) => s.outcomes);
  const sync = useRecords((s) => s.sync);
  const error = useRecords((s) => s.error);
  return (
    <div aria-live="polite" data-testid="record-outcomes">
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {outcomes.map((outcome) => (
        <MessageBar
          key={outcome.serial}
          intent={outcome.outcome === 'done' ? 'success' : outcome.outcome === 'failed' ? 'error' : 'warning'}
        >
          <MessageBarBody>
            {outcome.serial}: {outcome.message}
            {outcome.nextStep ? ` Next step: ${outcome.nextStep}` : ''}
          </MessageBarBody>
        </MessageBar>
      ))}
      {sync && (
        <MessageBar intent={sync.outcome === 'started' ? 'success' : 'info'}>
          <MessageBarBody>{sync.message}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

/** The service desk: look up any serial (or several, pasted) in the tenant, see its record and act on it. */
export function LookupPanel(): React.JSX.Element {
  const styles = useStyles();
  const open = useRecords((s) => s.open);
  const results = useRecords((s) => s.results);
  const selectedId = useRecords((s) => s.selectedId);
  const busy = useRecords((s) => s.busy);
  const [text, setText] = useState('');
  const serials = parseSerials(text);
  const records = results.flatMap((result) => result.records);
  const selected = records.find((record) => record.id === selectedId);
  const missing = results.filter((result) => result.records.length === 0).map((result) => result.serial);
  const close = (): void => recordsStore.getState().setOpen(false);
  const lookup = (): void => {
    if (serials.length > 0) void recordsStore.getState().lookup(serials);
  };
  return (
    <OverlayDrawer position="end" size="large" open={open} onOpenChange={(_, data) => !data.open && close()}>
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={close} />}
        >
          Look up in the tenant
        </DrawerHeaderTitle>
        <Text>Any serial, whether or not this console registered it.</Text>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        <div className={styles.query}>
          <Field label="Serial numbers" hint="One or several: paste a column, or separate them with spaces or commas.">
            <Textarea
              className={styles.textarea}
              value={text}
              resize="vertical"
              onChange={(_, data) => setText(data.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) lookup();
              }}
            />
          </Field>
          <Button
            appearance="primary"
            icon={<SearchRegular />}
            disabled={serials.length === 0 || busy !== null}
            onClick={lookup}
          >
            Look up{serials.length > 1 ? ` ${serials.length} serials` : ''}
          </Button>
        </div>
        {busy && <Spinner size="small" label={busy} />}
        <Outcomes />
        {missing.length > 0 && (
          <MessageBar intent="warning">
            <MessageBarBody>No Autopilot record in this tenant: {missing.join(', ')}</MessageBarBody>
          </MessageBar>
        )}
        {records.length > 1 && (
          <ul className={styles.results} aria-label="Records found">
            {records.map((record) => (
              <li key={record.id}>
                <Button
                  appearance={record.id === selectedId ? 'primary' : 'secondary'}
                  aria-pressed={record.id === selectedId}
                  onClick={() => recordsStore.getState().select(record.id)}
                >
                  {record.serialNumber} · {record.profileStatusText.split(':')[0]}
                </Button>
              </li>
            ))}
          </ul>
        )}
        {selected && (
          <>
            <RecordDetail record={selected} />
            <RecordActions key={selected.id} record={selected} />
          </>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}
