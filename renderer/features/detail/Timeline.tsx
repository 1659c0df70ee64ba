import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { TimelineEntry } from '../../../shared/ipc/device-schemas';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  item: {
    display: 'grid',
    gridTemplateColumns: '150px 1fr',
    gap: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase200,
  },
  at: { color: tokens.colorNeutralForeground3, fontVariantNumeric: 'tabular-nums' },
  problem: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

/** The device's events with their timestamps, oldest first. */
export function Timeline({ entries }: { entries: readonly TimelineEntry[] }): React.JSX.Element {
  const styles = useStyles();
  return (
    <ol className={styles.list} data-testid="timeline">
      {entries.map((entry, index) => (
        <li key={`${entry.at}-${index}`} className={styles.item}>
          <time className={styles.at} dateTime={entry.at}>
            {new Date(entry.at).toLocaleString(undefined, { hour12: false })}
          </time>
          <Text
            size={200}
            className={
              entry.kind === 'problem' ? styles.problem : entry.kind === 'warning' ? styles.warning : undefined
            }
          >
            {entry.message}
          </Text>
        </li>
      ))}
    </ol>
  );
}
