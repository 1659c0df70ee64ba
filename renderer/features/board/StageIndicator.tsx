import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { BusyMark } from './BusyMark';
import {
  CheckmarkCircle16Filled,
  CircleRegular,
  DismissCircle16Filled,
  EyeOff16Regular,
  CheckmarkCircle16Regular,
} from '@fluentui/react-icons';
import { memo } from 'react';
import type { DeviceView } from '../../../shared/domain/device';
import { clockTime, describeStep, duration, shortLabelOf, stepsOf, type Step } from './stage-steps';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    gap: tokens.spacingHorizontalXXS,
    width: '100%',
  },
  step: {
    flex: '1 1 0',
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    paddingTop: tokens.spacingVerticalXXS,
    borderTop: `3px solid ${tokens.colorNeutralStroke2}`,
  },
  done: { borderTopColor: tokens.colorBrandStroke1 },
  current: { borderTopColor: tokens.colorBrandStroke2 },
  failed: { borderTopColor: tokens.colorPaletteRedBorder2 },
  skipped: { borderTopStyle: 'dashed' },
  ready: { borderTopColor: tokens.colorPaletteGreenBorder2 },
  head: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  },
  time: {
    fontSize: tokens.fontSizeBase100,
    lineHeight: tokens.lineHeightBase100,
    color: tokens.colorNeutralForeground3,
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
  },
  iconDone: { color: tokens.colorBrandForeground1, flexShrink: 0 },
  iconReady: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0 },
  iconFailed: { color: tokens.colorPaletteRedForeground1, flexShrink: 0 },
  iconMuted: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
  pendingText: { color: tokens.colorNeutralForeground3 },
});

/** The last step of a device's kind (green when done). */
function isLast(step: Step, kind: DeviceView['kind']): boolean {
  return step.stage === (kind === 'corporate-identifier' ? 'imported' : 'ready');
}

function StepIcon({ step, kind }: { step: Step; kind: DeviceView['kind'] }): React.JSX.Element {
  const styles = useStyles();
  switch (step.state) {
    case 'done':
      return isLast(step, kind) ? (
        <CheckmarkCircle16Filled className={styles.iconReady} aria-hidden />
      ) : (
        <CheckmarkCircle16Regular className={styles.iconDone} aria-hidden />
      );
    case 'current':
      return <BusyMark />;
    case 'failed':
      return <DismissCircle16Filled className={styles.iconFailed} aria-hidden />;
    case 'skipped':
      return <EyeOff16Regular className={styles.iconMuted} aria-hidden />;
    case 'pending':
      return <CircleRegular fontSize={14} className={styles.iconMuted} aria-hidden />;
  }
}

function stepTime(step: Step): string {
  if (step.state === 'skipped') return 'not observable';
  if (step.state === 'current') return 'working…';
  if (step.state === 'failed') return 'stopped';
  return step.at ? clockTime(step.at) : '';
}

/** The five steps of a device's pipeline, each with the time it was reached; a spinner on the step being worked on. */
export const StageIndicator = memo(function StageIndicator({
  device,
}: {
  device: Pick<DeviceView, 'stage' | 'stageTimes' | 'notObservable' | 'problem' | 'inProgress' | 'kind'>;
}): React.JSX.Element {
  const styles = useStyles();
  const steps = stepsOf(device);
  return (
    <ol className={styles.list} aria-label="Progress">
      {steps.map((step) => {
        const tip = `${step.label}${step.at ? ` — ${clockTime(step.at)}` : ''}${step.tookMs !== null ? ` (took ${duration(step.tookMs)})` : ''}${step.state === 'skipped' ? ' — not observable with the granted permissions (Device.Read.All missing); skipped, not failed' : ''}`;
        return (
          // A native title, not a Fluent Tooltip: thousands of rows re-render as stages change, and five
          // tooltip instances per row made each update of a busy board cost tens of milliseconds.
          <li
            key={step.stage}
            title={tip}
            className={mergeClasses(
              styles.step,
              step.state === 'done' && (isLast(step, device.kind) ? styles.ready : styles.done),
              step.state === 'current' && styles.current,
              step.state === 'failed' && styles.failed,
              step.state === 'skipped' && styles.skipped,
            )}
            data-state={step.state}
            aria-label={describeStep(step)}
          >
            <span className={mergeClasses(styles.head, step.state === 'pending' && styles.pendingText)}>
              <StepIcon step={step} kind={device.kind} />
              {shortLabelOf(step.stage, device.kind)}
            </span>
            <span className={styles.time}>{stepTime(step) || '\u00a0'}</span>
          </li>
        );
      })}
    </ol>
  );
});
