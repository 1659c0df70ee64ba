import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  ring: {
    display: 'inline-block',
    flexShrink: 0,
    width: '10px',
    height: '10px',
    borderRadius: '50%',
    border: `2px solid ${tokens.colorBrandStroke2}`,
    borderTopColor: tokens.colorBrandForeground1,
    animationName: { from: { transform: 'rotate(0deg)' }, to: { transform: 'rotate(360deg)' } },
    animationDuration: '0.9s',
    animationIterationCount: 'infinite',
    animationTimingFunction: 'linear',
    '@media (prefers-reduced-motion: reduce)': { animationDuration: '3s' },
  },
});

/**
 * A small spinning ring for the step being worked on. Plain CSS instead of Fluent's Spinner: the board
 * mounts rows by the dozen while scrolling and each Spinner costs far more than one styled span.
 */
export function BusyMark(): React.JSX.Element {
  const styles = useStyles();
  return <span className={styles.ring} aria-hidden data-testid="busy" />;
}
