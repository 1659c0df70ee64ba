import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { RegistrationInput } from '../core/pipeline/types';
import { readIntuneCsvFile } from '../core/files/csv-reader';
import { UsageError } from './options';
import { MAX_STREAMED_FILE_BYTES } from '../../shared/domain/csv/limits';

/** A row that cannot be registered (reported with its file and line; the other rows go ahead). */
export interface RejectedRow {
  file: string;
  line: number;
  serial: string;
  code: string;
  reason: string;
  /** True for a row that repeats another row's device (not counted as a device). */
  duplicate: boolean;
}

/** Reads Intune CSV or hash files into registration inputs; bad rows are reported, never blocking. */
export async function readInputs(
  paths: string[],
  cwd: string,
  now: number,
): Promise<{ inputs: RegistrationInput[]; rejected: RejectedRow[]; fileWarnings: string[] }> {
  const inputs: RegistrationInput[] = [];
  const rejected: RejectedRow[] = [];
  const fileWarnings: string[] = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    if (!existsSync(full)) throw new UsageError(`${path} does not exist`);
    const file = basename(full);
    const summary = await readIntuneCsvFile(full, {
      now,
      maxBytes: MAX_STREAMED_FILE_BYTES,
      onRow: (report) => {
        if (report.device) {
          inputs.push({
            serial: report.device.serial,
            hardwareHash: report.device.hardwareHash,
            productKey: report.device.productId,
            groupTag: report.device.groupTag,
            assignedUser: report.device.assignedUser,
            source: 'csv',
            origin: `${file}:${report.line}`,
          });
          return;
        }
        const first = report.problems.find((problem) => problem.severity === 'error');
        rejected.push({
          file,
          line: report.line,
          serial: report.serial,
          code: first?.code ?? 'invalid',
          reason: first?.message ?? 'The row cannot be read.',
          duplicate: first?.code === 'duplicate',
        });
      },
    });
    for (const problem of summary.fileProblems) {
      if (problem.severity === 'error' && summary.rows === 0) throw new UsageError(`${path}: ${problem.message}`);
      fileWarnings.push(`${file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`);
    }
  }
  return { inputs, rejected, fileWarnings };
}
