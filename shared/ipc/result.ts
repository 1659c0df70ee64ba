/** Error codes every transport can return, plus feature codes (e.g. "capture-not-elevated"). */
export type IpcErrorCode = 'unknown-channel' | 'invalid-request' | 'forbidden-sender' | 'internal' | (string & {});

/** An error that crossed the process boundary: thrown errors lose everything but their message. */
export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

/** The envelope every invoke resolves to; it never rejects for an application error. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Wraps a value. */
export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

/** Wraps an error. */
export function err<T = never>(code: IpcErrorCode, message: string): IpcResult<T> {
  return { ok: false, error: { code, message } };
}
