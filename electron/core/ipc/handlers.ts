import type { AppCore } from '../application/console-application';
import { exportOffline, queueImport } from '../application/offline-export';
import { boardCsv, detailOf } from '../application/device-reports';
import { AppError } from '../errors';
import type { HandlerTable } from './dispatch';

const stamp = (): string => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

/** The handler table both transports serve: thin adapters from the contract to the core. */
export function createHandlers(core: AppCore): HandlerTable {
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
      await app.settings.saveTenant(request);
      app.activity.add({
        action: 'Settings saved',
        serial: '',
        groupTag: '',
        outcome: 'info',
        detail: `Tenant ${request.tenantId || '(none)'}, cloud ${request.cloud}`,
      });
      return app.settingsView();
    },
    'tenant:use': (request) => app.use(request.kind),
    'tenant:test': () => app.doctor(),
    'export:offline': (request) => exportOffline(app, core.picker, request.ids),
    'activity:list': () => Promise.resolve({ entries: app.activity.list() }),
    'activity:export': () =>
      Promise.resolve({ fileName: `autopilot-activity-${stamp()}.csv`, content: app.activity.toCsv() }),
    'watch:get': () => Promise.resolve(core.watch.status()),
    'watch:choose-folder': () => core.watch.chooseFolder(),
    'watch:set': (request) => core.watch.configure(request),
  };
}
