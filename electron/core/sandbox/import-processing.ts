/**
 * What the Device Directory Service decides for one import record (reference §1.5 and §7.4):
 * 802 invalid hash, 806 already in this tenant, 808 owned by another tenant, ZtdDeviceDuplicated for the
 * same device twice in one upload, otherwise complete.
 */
import { decodeHash, type DecodedHash } from '../../../shared/domain/hash/decode';
import type { AutopilotDevice, ImportRecord, ImportResult } from './model';

export const ERROR_INVALID_HASH = { code: 802, name: 'InvalidZtdHardwareHash' } as const;
export const ERROR_ALREADY_ASSIGNED = { code: 806, name: 'ZtdDeviceAlreadyAssigned' } as const;
export const ERROR_OTHER_TENANT = { code: 808, name: 'ZtdDeviceAssignedToOtherTenant' } as const;
/**
 * The numeric code of ZtdDeviceDuplicated is not documented anywhere (reference §9 item 2); 0 would read
 * as "no error", and 809 is ZtdProfileIsNotRegistered, so the sandbox uses an unassigned DDS number.
 * Clients must match on `deviceErrorName`.
 */
export const ERROR_DUPLICATED = { code: 815, name: 'ZtdDeviceDuplicated' } as const;
/** HashNot4k is listed among DDS import errors without a number: the sandbox uses another unassigned one. */
export const ERROR_HASH_NOT_4K = { code: 816, name: 'HashNot4k' } as const;
/** Characters of a complete 4K hardware hash (3,000 bytes in base64). */
export const HASH_4K_CHARS = 4000;

/** Whether a hardwareIdentifier is what .NET's Convert.FromBase64String accepts (Graph's Edm.Binary reader). */
export function isEdmBinary(value: string): boolean {
  const text = value.replace(/[\s]/g, '');
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

/** The decoded hash when usable for registration: structurally valid with serial and manufacturer. */
export function usableHash(hardwareIdentifier: string): DecodedHash | null {
  const decoded = decodeHash(hardwareIdentifier);
  if (!decoded.ok) return null;
  if (!decoded.hash.serial || !decoded.hash.manufacturer) return null;
  return decoded.hash;
}

function deviceKey(record: ImportRecord): string {
  const hash = usableHash(record.hardwareIdentifier);
  return hash ? `${hash.manufacturer}|${hash.serial}`.toLowerCase() : `raw|${record.hardwareIdentifier.trim()}`;
}

export interface ImportContext {
  /** Devices registered in this tenant when the record is processed. */
  devices: AutopilotDevice[];
  foreignSerials: string[];
  forcedErrors: Record<string, { code: number; name: string }>;
  /** Every import record still stored (for the duplicate check). */
  imports: ImportRecord[];
  newId: () => string;
  /** Whether a hash that is not 4,000 characters ends in HashNot4k (default true). */
  hashNot4k?: boolean;
}

export type ImportDecision = { result: ImportResult; hash?: undefined } | { result: ImportResult; hash: DecodedHash };

/** Decides the outcome of one record at time `at`. */
export function processImport(record: ImportRecord, at: number, context: ImportContext): ImportDecision {
  const fail = (error: { code: number; name: string }): ImportDecision => ({
    result: { status: 'error', at, deviceRegistrationId: '', errorCode: error.code, errorName: error.name },
  });
  const hash = usableHash(record.hardwareIdentifier);
  const forced = context.forcedErrors[(hash?.serial ?? record.serialNumber).toLowerCase()];
  if (forced) return fail(forced);
  if (context.hashNot4k !== false && record.hardwareIdentifier.replace(/\s/g, '').length !== HASH_4K_CHARS)
    return fail(ERROR_HASH_NOT_4K);
  if (!hash) return fail(ERROR_INVALID_HASH);
  const key = deviceKey(record);
  const earlier = context.imports.find(
    (other) => other.batchKey === record.batchKey && other.seq < record.seq && deviceKey(other) === key,
  );
  if (earlier) return fail(ERROR_DUPLICATED);
  const serial = hash.serial.toLowerCase();
  if (context.foreignSerials.some((s) => s.toLowerCase() === serial)) return fail(ERROR_OTHER_TENANT);
  const existing = context.devices.find(
    (d) => d.serialNumber.toLowerCase() === serial && d.manufacturer.toLowerCase() === hash.manufacturer.toLowerCase(),
  );
  if (existing) return fail(ERROR_ALREADY_ASSIGNED);
  return {
    result: { status: 'complete', at, deviceRegistrationId: context.newId(), errorCode: 0, errorName: '' },
    hash,
  };
}
