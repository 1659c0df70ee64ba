import type { HashCodec } from '../hash/codec';
import { normaliseHashText } from '../hash/decode';
import { validateHash } from '../hash/validate';
import {
  headerlessColumns,
  looksLikeHash,
  matchHeader,
  type ColumnMap,
  type CsvField,
  type CsvVariant,
} from './columns';
import { looksLikeProductKey } from './values';

/** A problem with one row: errors make the row invalid, warnings do not. */
export interface CsvRowProblem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

/** A device read from a row. */
export interface CsvDevice {
  serial: string;
  productId: string;
  hardwareHash: string;
  groupTag: string;
  assignedUser: string;
  manufacturer: string;
  model: string;
  /** SMBIOS UUID decoded from the hash. */
  uuid: string;
}

/** The verdict on one data row. */
export interface CsvRowReport {
  /** 1-based line number in the file. */
  line: number;
  /** Serial from the row, or from the hash when the row has none. */
  serial: string;
  status: 'ok' | 'warning' | 'invalid';
  problems: CsvRowProblem[];
  /** Present unless the row is invalid. */
  device?: CsvDevice;
}

/** What the checker learnt about the file as a whole. */
export interface CsvFileShape {
  variant: CsvVariant | null;
  columns: ColumnMap;
  /** Header cells that name no known column (ignored). */
  unknownColumns: string[];
  /** Blank lines, comments, and explanatory text after the data: skipped, not errors. */
  ignoredRows: number;
}

/** Options of the row checker. */
export interface CsvCheckOptions {
  /** Clock for the hash capture-time check. */
  now?: number;
  /** Base64 and SHA-256 steps for the hash check (portable by default). */
  codec?: HashCodec;
}

/** Feeds parsed rows one at a time; keeps only what duplicate detection needs, never past reports. */
export interface CsvRowChecker {
  /** Checks one parsed row; null when the row is the header, blank or ignorable text. */
  push(cells: readonly string[], line: number): CsvRowReport | null;
  shape(): CsvFileShape;
  /** Lines ignored so far (notes, repeated headers, text that names no device). */
  ignoredRows(): number;
  /** True once a header row was recognised (the file is a CSV, not bare hashes). */
  hasHeader(): boolean;
}

const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Creates a checker for one file's rows. */
export function createCsvRowChecker(options: CsvCheckOptions = {}): CsvRowChecker {
  let columns: ColumnMap | null = null;
  let variant: CsvVariant | null = null;
  let unknownColumns: string[] = [];
  let ignoredRows = 0;
  let dataSeen = false;
  let afterBlank = false;
  const seen = new Map<string, number>();

  const ignore = (): null => {
    ignoredRows++;
    return null;
  };

  return {
    push(rawCells, line) {
      const cells = rawCells.map((cell) => cell.replace(/^\uFEFF/, '').trim());
      if (cells.every((cell) => cell === '')) {
        if (dataSeen) afterBlank = true;
        return null;
      }
      if (/^(#|\/\/)/.test(cells[0] ?? '')) return ignore();
      if (columns !== null && variant !== 'headerless' && matchHeader(cells)) {
        // A header repeated mid-file: files concatenated with `type a.csv b.csv > all.csv`.
        return ignore();
      }
      if (columns === null) {
        const header = matchHeader(cells);
        if (header) {
          ({ columns, variant } = header);
          unknownColumns = header.unknown;
          return null;
        }
        const guessed = headerlessColumns(cells);
        if (!guessed) return ignore();
        columns = guessed;
        variant = 'headerless';
      }
      const get = (field: CsvField): string => {
        const index = columns?.[field];
        return index === undefined ? '' : (cells[index] ?? '');
      };
      const hashText = normaliseHashText(get('hardwareHash'));
      // Only a row after a blank line or without a hash needs the shape test (a scan of its longest cells).
      if (afterBlank || hashText === '') {
        const hasHashShape = looksLikeHash(hashText) || cells.some((cell) => looksLikeHash(cell));
        if (afterBlank && !hasHashShape) return ignore();
        const noIdentity = get('serial') === '' && get('productId') === '';
        if (hashText === '' && !hasHashShape && (isProse(get('serial')) || noIdentity)) return ignore();
      }
      dataSeen = true;
      return checkRow(cells, line, get, hashText, options, seen);
    },
    shape: () => ({ variant, columns: columns ?? {}, unknownColumns, ignoredRows }),
    ignoredRows: () => ignoredRows,
    hasHeader: () => variant !== null && variant !== 'headerless',
  };
}

/** Sentences in the serial column ("SAMPLE EXPLAINED (remove the following section...)", "Total: 3") are notes. */
function isProse(text: string): boolean {
  return text.split(/\s+/).length >= 4 || text.length > 64 || /:\s/.test(text);
}

function checkRow(
  cells: readonly string[],
  line: number,
  get: (field: CsvField) => string,
  hashText: string,
  options: CsvCheckOptions,
  seen: Map<string, number>,
): CsvRowReport {
  const problems: CsvRowProblem[] = [];
  const error = (code: string, message: string): void => {
    problems.push({ severity: 'error', code, message });
  };
  const warning = (code: string, message: string): void => {
    problems.push({ severity: 'warning', code, message });
  };
  const csvSerial = get('serial');
  const productId = get('productId');
  let serial = csvSerial;
  let uuid = '';
  let manufacturer = get('manufacturer');
  let model = get('model');

  if (hashText === '') {
    error(
      'missing-hash',
      manufacturer !== '' || productId !== ''
        ? 'No hardware hash: a serial/make/model or product-id-only row works in Partner Center, not in an Intune import.'
        : 'No hardware hash in this row.',
    );
  } else {
    const result = validateHash(hashText, {
      ...(csvSerial === '' ? {} : { serial: csvSerial }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.codec === undefined ? {} : { codec: options.codec }),
    });
    for (const e of result.errors) error(e.code, e.message);
    for (const w of result.warnings) warning(w.code, w.message);
    if (result.decoded) {
      uuid = result.decoded.uuid;
      if (serial === '') serial = result.decoded.serial;
      if (csvSerial === '' && serial !== '') {
        warning('serial-from-hash', `The serial column is empty; the serial in the hash ("${serial}") is used.`);
      }
      if (manufacturer !== '' && model !== '' && !sameMakeModel(manufacturer, model, result.decoded)) {
        warning(
          'make-model-mismatch',
          `Make/model "${manufacturer} ${model}" differ from the hash ("${result.decoded.manufacturer} ${result.decoded.model}").`,
        );
      }
      manufacturer ||= result.decoded.manufacturer;
      model ||= result.decoded.model;
    }
  }
  if (serial === '' && hashText === '') error('missing-serial', 'No serial number in this row.');
  if (looksLikeProductKey(productId) || cells.some(looksLikeProductKey)) {
    error(
      'product-key',
      'The row holds a Windows product key: remove it; the Windows Product ID column takes the 13-digit product id, not a key.',
    );
  }
  if (/^\d(\.\d+)?e\+\d+$/i.test(productId)) {
    error(
      'product-id-excel',
      `The Windows Product ID "${productId}" was turned into a number by Excel: export the file again without Excel.`,
    );
  } else if (productId !== '' && !looksLikeProductKey(productId) && !/^\d{13}$/.test(productId)) {
    warning(
      'product-id-format',
      `The Windows Product ID "${productId}" is not the 13-digit product id Intune expects.`,
    );
  }
  const assignedUser = get('assignedUser');
  if (assignedUser !== '' && !UPN.test(assignedUser)) {
    warning('assigned-user', `"${assignedUser}" is not a user principal name (user@domain).`);
  }
  if (!problems.some((p) => p.severity === 'error')) {
    const key = `${serial.toLowerCase()}|${uuid}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, line);
    else
      error(
        'duplicate',
        `Same device as line ${first} (serial and UUID): Intune would process only one (ZtdDeviceDuplicated).`,
      );
  }
  const invalid = problems.some((p) => p.severity === 'error');
  const report: CsvRowReport = {
    line,
    serial,
    status: invalid ? 'invalid' : problems.length > 0 ? 'warning' : 'ok',
    problems,
  };
  if (!invalid) {
    report.device = {
      serial,
      productId,
      hardwareHash: hashText,
      groupTag: get('groupTag'),
      assignedUser,
      manufacturer,
      model,
      uuid,
    };
  }
  return report;
}

function sameMakeModel(manufacturer: string, model: string, decoded: { manufacturer: string; model: string }): boolean {
  const norm = (text: string): string => text.trim().toLowerCase();
  return norm(manufacturer) === norm(decoded.manufacturer) && norm(model) === norm(decoded.model);
}
