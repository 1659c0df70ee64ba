import { AppError } from '../errors';

/** Why a capture failed, as a technician needs to tell the cases apart (resources/Capture-AutopilotHash.ps1 uses the same). */
export const CAPTURE_ERROR_CODES = [
  'not-elevated',
  'class-missing',
  'cim-general-error',
  'cim-error',
  'timed-out',
  'powershell-failed',
  'bad-output',
  'oa3tool-missing',
  'oa3tool-failed',
  'no-hash',
  'not-windows',
] as const;

/** Why a capture failed. */
export type CaptureErrorCode = (typeof CAPTURE_ERROR_CODES)[number];

/** A capture failure: a stable code and a message that says what to do next. */
export class CaptureError extends AppError {
  constructor(
    override readonly code: CaptureErrorCode,
    message: string,
  ) {
    super(code, message);
    this.name = 'CaptureError';
  }
}
