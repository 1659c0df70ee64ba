import { Badge, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { BusyMark } from './BusyMark';
import { Warning16Regular } from '@fluentui/react-icons';
import { memo } from 'react';
import { STAGES, type DeviceView, type Stage } from '../../../shared/domain/device';
import { STAGE_LABELS } from '../../../shared/domain/device';
import { stageLabelOf } from '../../../shared/domain/corporate';
import { ReadyBadge } from './ReadyBadge';
import { StoppedStatus } from './StoppedStatus';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: '2px', minWidth: 0 },
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  small: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  warning: {
    color: tokens.colorPaletteDarkOrangeForeground1,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    display: 'flex',
    alignItems: 'center',
    gap: '2px',
    maxWidth: '100%',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  whole: { whiteSpace: 'normal', overflow: 'visible' },
  next: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground2,
  },
  nextLabel: { fontWeight: tokens.fontWeightSemibold },
});

function nextStage(device: DeviceView): Stage | null {
  const index = STAGES.indexOf(device.stage as Stage);
  for (const stage of STAGES.slice(index + 1)) if (!device.notObservable.includes(stage)) return stage;
  return null;
}

/** Height of a board row, known ahead so the list never has to measure rows: stopped rows show reason and next step. */
export function rowHeight(device: Pick<DeviceView, 'stage'> | undefined): number {
  return device?.stage === 'failed' || device?.stage === 'timed-out' ? 124 : 72;
}

/**
 * What the device's state means for the technician: ready, working, or stopped with the reason and the next step.
 * On the board the text is clamped to the row's known height (the whole text is its tooltip); `full` (the detail
 * panel) shows all of it.
 */
export const StatusCell = memo(function StatusCell({
  device,
  full = false,
}: {
  device: DeviceView;
  full?: boolean;
}): React.JSX.Element {
  const styles = useStyles();
  const warnings = device.warnings.length;
  const warningLine =
    warnings > 0 ? (
      <span
        className={mergeClasses(styles.warning, full && styles.whole)}
        title={device.warnings.join('\n')}
        data-testid="status-warning"
      >
        <Warning16Regular aria-hidden />
        {warnings === 1 ? device.warnings[0] : `${warnings} hash warnings`}
      </span>
    ) : null;
  if (device.kind === 'corporate-identifier' && device.stage === 'imported' && !device.inProgress) {
    return (
      <div className={styles.root}>
        <Badge appearance="tint" color="brand" shape="rounded">
          Added as corporate identifier
        </Badge>
        <span className={styles.next}>
          <span className={styles.nextLabel}>Next step: </span>
          in Intune, the device preparation policy and its device group (see the device&apos;s details)
        </span>
      </div>
    );
  }
  if (device.stage === 'ready') {
    return (
      <div className={styles.root}>
        <ReadyBadge />
      </div>
    );
  }
  if (device.stage === 'failed' || device.stage === 'timed-out') return <StoppedStatus device={device} full={full} />;
  if (device.inProgress) {
    const next = nextStage(device);
    return (
      <div className={styles.root}>
        <span className={styles.line}>
          <BusyMark />
          <span className={styles.small}>
            {device.kind === 'corporate-identifier'
              ? 'Adding as corporate identifier'
              : next
                ? `Waiting for: ${STAGE_LABELS[next]}`
                : 'Working…'}
          </span>
        </span>
        {device.note && (
          <span className={styles.muted} title={device.note}>
            {device.note}
          </span>
        )}
        <span className={styles.muted}>Not ready yet: do not start OOBE</span>
        {warningLine}
      </div>
    );
  }
  return (
    <div className={styles.root}>
      <span className={styles.small}>
        {device.stage === 'collected' ? 'Not registered yet' : stageLabelOf(device.stage, device.kind)}
      </span>
      {device.stage === 'collected' && <span className={styles.muted}>Select it, then Register</span>}
      {warningLine}
    </div>
  );
});
