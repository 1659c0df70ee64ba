import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { memo } from 'react';
import type { DeviceView } from '../../../shared/domain/device';
import { StageIndicator } from './StageIndicator';
import { StatusCell } from './StatusCell';

/** Column widths shared by the header and every row. */
export const GRID_COLUMNS =
  '36px minmax(110px, 1fr) minmax(110px, 1fr) minmax(100px, 0.9fr) minmax(300px, 2.7fr) minmax(260px, 3.1fr)';

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: GRID_COLUMNS,
    alignItems: 'start',
    columnGap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    boxSizing: 'border-box',
    height: '100%',
    overflow: 'hidden',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '-2px',
    },
  },
  selected: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  ready: { boxShadow: `inset 4px 0 0 ${tokens.colorPaletteGreenBorder2}` },
  stopped: { boxShadow: `inset 4px 0 0 ${tokens.colorPaletteRedBorder2}` },
  cell: { minWidth: 0, display: 'flex', flexDirection: 'column', gap: '2px', overflow: 'hidden' },
  check: { display: 'flex', justifyContent: 'center', paddingTop: '2px' },
  checkbox: {
    width: '16px',
    height: '16px',
    margin: 0,
    accentColor: tokens.colorCompoundBrandBackground,
    cursor: 'pointer',
  },
  serial: {
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontFamily: tokens.fontFamilyMonospace,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
  },
  sub: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground3,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  text: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
  },
  none: { color: tokens.colorNeutralForeground3 },
});

/** Props of one board row. */
export interface DeviceRowProps {
  device: DeviceView;
  index: number;
  selected: boolean;
  focused: boolean;
  onToggle: (id: string, range: boolean) => void;
  onOpen: (id: string) => void;
  onFocusRow: (index: number) => void;
}

/** One device on the board: identity, tag and user, five-step progress and what it means. */
export const DeviceRow = memo(function DeviceRow({
  device,
  index,
  selected,
  focused,
  onToggle,
  onOpen,
  onFocusRow,
}: DeviceRowProps): React.JSX.Element {
  const styles = useStyles();
  const stopped = device.stage === 'failed' || device.stage === 'timed-out';
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={focused ? 0 : -1}
      data-testid="device-row"
      data-serial={device.serial}
      data-stage={device.stage}
      className={mergeClasses(
        styles.row,
        selected && styles.selected,
        device.stage === 'ready' && styles.ready,
        stopped && styles.stopped,
      )}
      onClick={() => onOpen(device.id)}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onFocusRow(index);
      }}
    >
      <div role="gridcell" className={styles.check} onClick={(event) => event.stopPropagation()}>
        {/* A native checkbox: rows mount by the dozen while scrolling, and Fluent's Checkbox costs several times more. */}
        <input
          type="checkbox"
          className={styles.checkbox}
          checked={selected}
          tabIndex={-1}
          aria-label={`Select ${device.serial}`}
          onChange={() => undefined}
          onClick={(event) => {
            event.stopPropagation();
            onToggle(device.id, event.shiftKey);
          }}
        />
      </div>
      <div role="gridcell" className={styles.cell}>
        <span className={styles.serial}>{device.serial}</span>
        <span className={styles.sub} title={device.origin}>
          {device.deviceName ? `Name ${device.deviceName} · ` : ''}
          {device.source === 'capture'
            ? 'Captured'
            : device.source === 'csv'
              ? 'CSV'
              : device.source === 'watch'
                ? 'Watch folder'
                : 'Journal'}{' '}
          · {device.origin}
        </span>
      </div>
      <div role="gridcell" className={styles.cell}>
        <span className={styles.text} title={device.manufacturer}>
          {device.manufacturer || '—'}
        </span>
        <span className={styles.sub} title={device.model}>
          {device.model || '—'}
        </span>
      </div>
      <div role="gridcell" className={styles.cell}>
        <span className={mergeClasses(styles.text, !device.groupTag && styles.none)}>
          {device.groupTag || 'No tag'}
        </span>
        <span className={styles.sub} title={device.assignedUser}>
          {device.assignedUser || 'No user'}
        </span>
      </div>
      <div role="gridcell" className={styles.cell}>
        <StageIndicator device={device} />
      </div>
      <div role="gridcell" className={styles.cell}>
        <StatusCell device={device} />
      </div>
    </div>
  );
});
