import { randomUUID } from 'node:crypto';
import type { CsvDevice } from '../../../shared/domain/csv/row-checker';
import type { ImportReport } from '../../../shared/ipc/device-schemas';
import { fileLimitFor, fileSizeProblem, MAX_CONSOLE_FILE_BYTES } from '../../../shared/domain/csv/limits';
import { AppError } from '../errors';
import { collectIntuneCsv } from '../files/csv-reader';

/** A file read and reported on, waiting for the technician to queue it. */
interface PendingImport {
  fileName: string;
  devices: { line: number; device: CsvDevice; warnings: string[] }[];
}

const KEEP = 8;

/** Reads CSV bytes sent by the renderer (never a path) into a per-row report, and keeps the valid rows until queued. */
export class ImportService {
  private readonly pending = new Map<string, PendingImport>();

  constructor(
    private readonly isOnBoard: (serial: string, hardwareHash?: string) => boolean,
    private readonly now: () => number,
  ) {}

  /** Checks every row; bad rows never block good ones; nothing is queued yet. */
  async read(fileName: string, bytesBase64: string): Promise<ImportReport> {
    // Checked on the text before decoding: an oversized file is refused before it takes more memory.
    const size = Buffer.byteLength(bytesBase64, 'base64');
    const tooLarge = fileSizeProblem(fileName, size, fileLimitFor(fileName, MAX_CONSOLE_FILE_BYTES));
    if (tooLarge) throw new AppError('file-too-large', tooLarge);
    const bytes = Buffer.from(bytesBase64, 'base64');
    if (bytes.length === 0) throw new AppError('bad-input', `"${fileName}" is empty.`);
    const { summary, rows } = await collectIntuneCsv(new Uint8Array(bytes), { name: fileName, now: this.now() });
    const importId = randomUUID();
    const devices: PendingImport['devices'] = [];
    const reportRows = rows.map((row) => {
      if (row.device) {
        devices.push({
          line: row.line,
          device: row.device,
          warnings: row.problems.filter((p) => p.severity === 'warning').map((p) => p.message),
        });
      }
      return {
        line: row.line,
        serial: row.serial,
        status: row.status,
        problems: row.problems,
        manufacturer: row.device?.manufacturer ?? '',
        model: row.device?.model ?? '',
        groupTag: row.device?.groupTag ?? '',
        assignedUser: row.device?.assignedUser ?? '',
        onBoard: row.serial !== '' && this.isOnBoard(row.serial, row.device?.hardwareHash),
      };
    });
    this.pending.set(importId, { fileName, devices });
    while (this.pending.size > KEEP) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
    return {
      importId,
      fileName,
      encoding: summary.encoding,
      rows: reportRows,
      counts: { rows: summary.rows, ok: summary.ok, warned: summary.warned, invalid: summary.invalid },
      fileProblems: summary.fileProblems.map((p) => ({
        severity: p.severity,
        code: p.code,
        message: p.message,
        ...(p.line === undefined ? {} : { line: p.line }),
      })),
    };
  }

  /** Hands over the valid rows of a read file, once. */
  take(importId: string): PendingImport {
    const pending = this.pending.get(importId);
    if (!pending) throw new AppError('import-expired', 'This file was already queued or is too old: choose it again.');
    this.pending.delete(importId);
    return pending;
  }
}
