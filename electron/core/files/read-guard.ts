import type { CsvRowReport } from '../../../shared/domain/csv/row-checker';

/** Lines without a header or a valid device after which a file is not a CSV or hash file. */
const NOT_DEVICE_FILE_LINES = 50;

/** Invalid or unreadable lines in a row, after devices were read, after which reading stops. */
const STOP_AFTER_BAD_LINES = 1000;

/** Why reading stopped early (a file problem). */
export interface GuardStop {
  code: 'not-device-file' | 'reading-stopped';
  line: number;
  message: string;
}

/** What the reader tells the guard about one line. */
export interface GuardLine {
  line: number;
  report: CsvRowReport | null;
  /** A non-blank line that was not a header and not a device row. */
  ignored: boolean;
  /** The file has a recognised header (it is a CSV). */
  header: boolean;
}

/**
 * Stops reading a file that is not device rows, with one message instead of a line per row: before a
 * header or a valid device, invalid rows are held back (released as soon as a valid row comes); after
 * NOT_DEVICE_FILE_LINES such lines the file is not a CSV or hash file. Once devices were read, only
 * STOP_AFTER_BAD_LINES bad lines in a row stop it, so a few bad rows never block the good ones.
 */
export function createReadGuard(name: string): {
  take(input: GuardLine): CsvRowReport[];
  rest(): CsvRowReport[];
  stopped(): GuardStop | null;
} {
  let held: CsvRowReport[] = [];
  let trusted = false;
  let doubtful = 0;
  let badInRow = 0;
  let firstProblem = '';
  let stop: GuardStop | null = null;
  return {
    take({ line, report, ignored, header }) {
      const good = report !== null && report.status !== 'invalid';
      if (good || header) trusted = true;
      const bad = ignored || report?.status === 'invalid';
      badInRow = good ? 0 : badInRow + (bad ? 1 : 0);
      if (trusted) {
        const out = [...held, ...(report ? [report] : [])];
        held = [];
        if (badInRow >= STOP_AFTER_BAD_LINES)
          stop = {
            code: 'reading-stopped',
            line,
            message: `${name}: reading stopped at line ${line}: the last ${STOP_AFTER_BAD_LINES.toLocaleString('en-US')} lines held no valid device (the rest of the file is not device rows).`,
          };
        return out;
      }
      if (bad) doubtful++;
      if (report) {
        held.push(report);
        const problem = report.problems.find((p) => p.severity === 'error');
        if (!firstProblem && problem) firstProblem = `; line ${line}: ${problem.message}`;
      }
      if (doubtful >= NOT_DEVICE_FILE_LINES) {
        held = [];
        stop = {
          code: 'not-device-file',
          line,
          message: `${name} is not a CSV or hash file (no header and no valid device in its first ${NOT_DEVICE_FILE_LINES} lines${firstProblem}).`,
        };
      }
      return [];
    },
    rest() {
      const out = held;
      held = [];
      return out;
    },
    stopped: () => stop,
  };
}
