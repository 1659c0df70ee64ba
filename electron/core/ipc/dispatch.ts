import { invokeContract, type InvokeChannel, type ResponseOf } from '../../../shared/ipc/contract';
import { err, ok, type IpcResult } from '../../../shared/ipc/result';
import type { z } from 'zod';
import { AppError } from '../errors';

/** A handler takes the parsed request of its channel and resolves to its response. */
export type Handler<C extends InvokeChannel> = (
  request: z.output<(typeof invokeContract)[C]['request']>,
) => Promise<ResponseOf<C>>;

/** One handler per channel of the contract: a missing or mistyped handler is a type error. */
export type HandlerTable = { [C in InvokeChannel]: Handler<C> };

/** Reports an unexpected handler failure (to the activity log or console) without leaking it raw. */
export type FailureSink = (channel: string, error: unknown) => void;

/** True when a string names a channel of the contract. */
export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeContract, channel);
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(request)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Validates a request against the contract, runs its handler and wraps the outcome in the result
 * envelope. Both transports (Electron IPC and the WebSocket server) call this and nothing else.
 */
export async function dispatch(
  table: HandlerTable,
  channel: unknown,
  raw: unknown,
  onFailure: FailureSink = () => undefined,
): Promise<IpcResult<unknown>> {
  if (!isInvokeChannel(channel)) {
    return err('unknown-channel', `Unknown channel ${JSON.stringify(channel)}: it is not in the IPC contract.`);
  }
  const parsed = invokeContract[channel].request.safeParse(raw ?? {});
  if (!parsed.success) {
    return err('invalid-request', `Invalid request for ${channel}: ${describeIssues(parsed.error.issues)}`);
  }
  try {
    const handler = table[channel] as (request: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof AppError) return err(error.code, error.message);
    onFailure(channel, error);
    return err('internal', `${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
