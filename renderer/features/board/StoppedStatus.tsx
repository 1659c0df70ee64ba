import { Badge, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ChevronRight12Regular } from '@fluentui/react-icons';
import { useLayoutEffect, useRef, useState } from 'react';
import type { DeviceView } from '../../../shared/domain/device';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: '2px', minWidth: 0 },
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  // On the board the reason and next step are clamped so every row has a known height.
  reason: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground1,
    display: '-webkit-box',
    // Line clamping still needs the -webkit-box pair in Chromium, deprecated or not.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    WebkitBoxOrient: 'vertical',
    WebkitLineClamp: 2,
    overflow: 'hidden',
  },
  next: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground2,
    display: '-webkit-box',
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    WebkitBoxOrient: 'vertical',
    WebkitLineClamp: 3,
    overflow: 'hidden',
  },
  // The detail panel has room: the whole reason and next step, wrapped, never clamped.
  whole: { display: 'block', overflow: 'visible', whiteSpace: 'normal' },
  nextLabel: { fontWeight: tokens.fontWeightSemibold },
  more: {
    display: 'inline-flex',
    alignItems: 'center',
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorBrandForeground1,
    textDecorationLine: 'underline',
    whiteSpace: 'nowrap',
  },
});

/** True when one of the elements shows less than its whole text (measured for stopped rows only: they are few). */
function useClamped(elements: readonly React.RefObject<HTMLElement | null>[], active: boolean): boolean {
  const [clamped, setClamped] = useState(false);
  useLayoutEffect(() => {
    if (!active) return undefined;
    const targets = elements.map((ref) => ref.current).filter((el): el is HTMLElement => el !== null);
    const measure = (): void => setClamped(targets.some((el) => el.scrollHeight > el.clientHeight + 1));
    measure();
    const observer = new ResizeObserver(measure);
    for (const target of targets) observer.observe(target);
    return () => observer.disconnect();
    // The refs are stable; the text decides what is clamped.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);
  return clamped;
}

/**
 * A failed or timed-out device: the code once, the reason in plain words and the next step. On the board the text
 * is clamped to the row's height, its whole text is the tooltip, and a cue says when the details hold more (the
 * row opens them); `full` (the detail panel) shows all of it.
 */
export function StoppedStatus({ device, full }: { device: DeviceView; full: boolean }): React.JSX.Element {
  const styles = useStyles();
  const reasonRef = useRef<HTMLSpanElement>(null);
  const nextRef = useRef<HTMLSpanElement>(null);
  const clamped = useClamped([reasonRef, nextRef], !full && device.problem !== null);
  const problem = device.problem;
  return (
    <div className={styles.root}>
      <span className={styles.line}>
        <Badge appearance="outline" color={device.stage === 'failed' ? 'danger' : 'warning'} shape="rounded">
          {device.stage === 'failed' ? 'Failed' : 'Timed out'}
          {problem ? ` · ${problem.code}` : ''}
        </Badge>
        {clamped && problem && (
          <span
            className={styles.more}
            data-testid="status-more"
            title={`${problem.reason}\nNext step: ${problem.nextStep}`}
          >
            Full text in the details
            <ChevronRight12Regular aria-hidden />
          </span>
        )}
      </span>
      {problem && (
        <>
          <span
            ref={reasonRef}
            className={mergeClasses(styles.reason, full && styles.whole)}
            title={problem.reason}
            data-testid="status-reason"
          >
            {problem.reason}
          </span>
          <span
            ref={nextRef}
            className={mergeClasses(styles.next, full && styles.whole)}
            title={`Next step: ${problem.nextStep}`}
            data-testid="status-next-step"
          >
            <span className={styles.nextLabel}>Next step: </span>
            {problem.nextStep}
          </span>
        </>
      )}
    </div>
  );
}
