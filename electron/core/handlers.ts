import type { AppCore } from './app-core';
import { exportOffline, queueImport } from './app/console-actions';
import { boardCsv, detailOf } from './app/device-reports';
import { AppError } from './errors';
import type { HandlerTable } from './ipc/dispatch';
import { signOutPerson, startPersonSignIn, type OpenExternal } from './app/person-sign-in';

const stamp = (): string => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

/** The handler table both transports serve: thin adapters from the contract to the core. */
export function createHandlers(core: AppCore, openExternal?: OpenExternal): HandlerTable {
  const { app } = core;
  const record = (id: string) => {
    const found = app.records.get(id);
    if (!found) throw new AppError('not-found', 'That device is no longer on the board.');
    return found;
  };
  return {
    'app:info': () => Promise.resolve({ version: core.version, platform: core.platform, tenant: { ...core.tenant } }),
    'devices:list': () => Promise.resolve({ devices: core.board.list() }),
    'capture:this-device': async (request) => {
      const captured = await core.captureProvider.capture();
      const device = core.addCaptured(captured, request);
      return { device, provider: captured.provider };
    },
    'devices:register': (request) => app.register(request.ids, request),
    'devices:retry': (request) => app.retry(request.ids),
    'devices:update': (request) => app.update(request.ids, request),
    'devices:remove': (request) => Promise.resolve(app.remove(request.ids)),
    'devices:export-csv': (request) =>
      Promise.resolve({
        fileName: `autopilot-board-${stamp()}.csv`,
        content: boardCsv(request.ids.map((id) => app.records.get(id)?.view).filter((v) => v !== undefined)),
      }),
    'devices:detail': (request) => Promise.resolve(detailOf(record(request.id), Date.now())),
    'import:read': (request) => app.imports.read(request.fileName, request.bytesBase64),
    'import:queue': (request) => queueImport(app, request),
    'tags:list': (request) => app.tags(request.refresh ?? false),
    'settings:get': () => Promise.resolve(app.settingsView()),
    'settings:set': async (request) => {
      const saved = await app.settings.saveTenant(request);
      app.activity.add({
        action: 'Settings saved',
        serial: '',
        groupTag: '',
        outcome: 'info',
        detail: `Tenant ${request.tenantId || '(none)'}, cloud ${request.cloud}`,
      });
      if (saved.endpointsBefore !== saved.endpointsAfter) {
        app.activity.add({
          action: 'Endpoints changed',
          serial: '',
          groupTag: '',
          outcome: 'warning',
          detail: `From ${saved.endpointsBefore} to ${saved.endpointsAfter}`,
        });
      }
      if (saved.credentialDropped) {
        app.activity.add({
          action: 'Credential removed',
          serial: '',
          groupTag: '',
          outcome: 'warning',
          detail: `${saved.changed.join(', ')} changed: enter the client secret or choose the certificate again.`,
        });
      }
      return app.settingsView();
    },
    'tenant:use': (request) => app.use(request.kind),
    'tenant:test': () => app.doctor(),
    'signin:start': () => startPersonSignIn(core, openExternal),
    'signin:sign-out': () => signOutPerson(core),
    'export:offline': (request) => exportOffline(app, core.picker, request.ids),
    'activity:list': () => Promise.resolve({ entries: app.activity.list() }),
    'activity:export': () =>
      Promise.resolve({ fileName: `autopilot-activity-${stamp()}.csv`, content: app.activity.toCsv() }),
    'watch:get': () => Promise.resolve(core.watch.status()),
    'watch:choose-folder': () => core.watch.chooseFolder(),
    'watch:set': (request) => core.watch.configure(request),
  };
}
