/** The fields a device row can carry, in the order Intune's CSV lists them (plus the Partner columns). */
export const CSV_FIELDS = [
  'serial',
  'productId',
  'hardwareHash',
  'groupTag',
  'assignedUser',
  'manufacturer',
  'model',
] as const;
/** A field of a device row. */
export type CsvField = (typeof CSV_FIELDS)[number];

/** Which cell index holds which field; absent fields are not in the file. */
export type ColumnMap = Partial<Record<CsvField, number>>;

/** The file shapes seen in the wild (hash reference §4.3). */
export type CsvVariant = 'intune' | 'three-column' | 'partner' | 'custom' | 'headerless';

// Header names are compared after lower-casing and dropping everything but letters and digits, so
// "Device Serial Number", "device serial number", "\"Device Serial Number\"" and "DeviceSerialNumber"
// all match.
const ALIASES: Readonly<Record<CsvField, readonly string[]>> = {
  serial: [
    'deviceserialnumber',
    'serialnumber',
    'serial',
    'serialno',
    'devicesn',
    'sn',
    'smbiosserialnumber',
    'deviceserial',
  ],
  productId: ['windowsproductid', 'productid', 'pkid', 'windowsproductkeyid', 'productkeyid', 'windowspkid'],
  hardwareHash: [
    'hardwarehash',
    'hash',
    'hwhash',
    'hardwareid',
    'hwid',
    'devicehardwaredata',
    'hardwareidentifier',
    '4khh',
    '4khardwarehash',
  ],
  groupTag: ['grouptag', 'orderid', 'tag', 'devicegrouptag'],
  assignedUser: ['assigneduser', 'assigneduserprincipalname', 'userprincipalname', 'upn', 'user'],
  manufacturer: [
    'manufacturername',
    'manufacturer',
    'make',
    'oemname',
    'devicemanufacturer',
    'smbiossystemmanufacturer',
  ],
  model: ['devicemodel', 'model', 'modelname', 'devicename', 'productname', 'smbiossystemproductname'],
};

/** Normalises a header cell for matching: case, quotes, BOM, spaces and punctuation do not matter. */
export function headerKey(cell: string): string {
  return cell.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const MAX_HEADER_CHARS = 100;

/** The field a header cell names, or null. */
export function fieldForHeader(cell: string): CsvField | null {
  // Column names are short: a data cell (a 4,000-character hash) is never one.
  if (cell.length > MAX_HEADER_CHARS) return null;
  const key = headerKey(cell);
  if (key === '') return null;
  for (const field of CSV_FIELDS) {
    if (ALIASES[field].includes(key)) return field;
  }
  return null;
}

/** A recognised header row. */
export interface HeaderMatch {
  columns: ColumnMap;
  variant: CsvVariant;
  /** Header cells that name no known field (ignored, reported once). */
  unknown: string[];
}

/** Recognises a header row: it must name the hash or the serial column, and one more known column. */
export function matchHeader(cells: readonly string[]): HeaderMatch | null {
  const columns: ColumnMap = {};
  const unknown: string[] = [];
  cells.forEach((cell, index) => {
    const field = fieldForHeader(cell);
    if (field === null) {
      if (cell.trim() !== '') unknown.push(cell.trim());
    } else if (columns[field] === undefined) {
      columns[field] = index;
    }
  });
  const known = Object.keys(columns).length;
  if (known < 2 || (columns.hardwareHash === undefined && columns.serial === undefined)) return null;
  return { columns, variant: variantOf(columns, unknown), unknown };
}

function variantOf(columns: ColumnMap, unknown: readonly string[]): CsvVariant {
  const has = (field: CsvField): boolean => columns[field] !== undefined;
  const base = has('serial') && has('productId') && has('hardwareHash') && unknown.length === 0;
  if (base && has('manufacturer') && has('model') && !has('groupTag') && !has('assignedUser')) return 'partner';
  if (base && !has('manufacturer') && !has('model')) {
    if (has('groupTag') && has('assignedUser')) return 'intune';
    if (!has('groupTag') && !has('assignedUser')) return 'three-column';
  }
  return 'custom';
}

/** True when a cell holds something shaped like a hardware hash (long base64). */
export function looksLikeHash(cell: string): boolean {
  return cell.length >= 64 && /^[A-Za-z0-9+/]+=*$/.test(cell);
}

/**
 * Columns of a file without a header: the hash's cell is found by shape; with three or more cells the
 * order is Intune's (serial, product id, hash, group tag, assigned user); a lone hash is a hash file.
 */
export function headerlessColumns(cells: readonly string[]): ColumnMap | null {
  const hashIndex = cells.findIndex((cell) => looksLikeHash(cell.trim()));
  if (hashIndex < 0) return null;
  if (hashIndex === 2) return { serial: 0, productId: 1, hardwareHash: 2, groupTag: 3, assignedUser: 4 };
  if (hashIndex === 1) return { serial: 0, hardwareHash: 1 };
  return { hardwareHash: hashIndex };
}
