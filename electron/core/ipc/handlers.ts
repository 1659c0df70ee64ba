import type { ConsoleApplication } from '../application/console-application';
import type { HandlerTable } from './dispatch';

/** The handler table both transports serve: each channel of the contract is one operation of the application. */
export function createHandlers(app: ConsoleApplication): HandlerTable {
  return {
    'app:info': () => app.info(),
    'devices:list': () => app.listDevices(),
    'capture:this-device': (request) => app.captureThisDevice(request),
    'capture:remote': (request) => app.captureRemote(request),
    'devices:register': (request) => app.register(request),
    'devices:register-corporate': (request) => app.registerCorporate(request),
    'groups:search': (request) => app.searchGroups(request),
    'devices:retry': (request) => app.retry(request),
    'devices:update': (request) => app.update(request),
    'devices:remove': (request) => app.remove(request),
    'devices:export-csv': (request) => app.exportDevicesCsv(request),
    'devices:detail': (request) => app.deviceDetail(request),
    'import:read': (request) => app.readImport(request),
    'import:queue': (request) => app.queueImport(request),
    'tags:list': (request) => app.listTags(request),
    'records:lookup': (request) => app.lookupRecords(request),
    'records:change': (request) => app.changeRecords(request),
    'records:deregister': (request) => app.deregisterRecords(request),
    'records:sync': () => app.requestSync(),
    'settings:get': () => app.getSettings(),
    'settings:set': (request) => app.saveSettings(request),
    'tenant:use': (request) => app.useTenant(request),
    'tenant:test': (request) => app.testTenant(request),
    'export:offline': (request) => app.exportOffline(request),
    'activity:list': () => app.listActivity(),
    'activity:export': () => app.exportActivity(),
    'watch:get': () => app.watchStatus(),
    'watch:choose-folder': () => app.chooseWatchFolder(),
    'watch:set': (request) => app.setWatch(request),
    'signin:start': () => app.startSignIn(),
    'signin:sign-out': () => app.signOut(),
  };
}
