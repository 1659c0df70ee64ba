import { ipcMain, type WebContents } from 'electron';
import { INVOKE_CHANNELS } from '../../shared/ipc/channels';
import type { EventChannel, EventOf } from '../../shared/ipc/contract';
import { err } from '../../shared/ipc/result';
import { dispatch, type FailureSink, type HandlerTable } from '../core/ipc/dispatch';

/**
 * The only user of ipcMain: registers every channel of the contract, accepts calls only from the
 * app window's main frame, validates with zod and answers with the result envelope.
 */
export function registerIpc(
  table: HandlerTable,
  isTrusted: (sender: WebContents) => boolean,
  onFailure: FailureSink,
): void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      if (!isTrusted(event.sender) || event.senderFrame !== event.sender.mainFrame) {
        return err('forbidden-sender', 'This window may not call the console.');
      }
      return dispatch(table, channel, request, onFailure);
    });
  }
}

/** Pushes an event of the contract to a window. */
export function push<E extends EventChannel>(target: WebContents, event: E, payload: EventOf<E>): void {
  if (!target.isDestroyed()) target.send(event, payload);
}
