/**
 * Channel names only, with no schema library: the preload bundles this file and nothing else, so it
 * stays a small sandbox-compatible script. `contract.ts` checks that both lists match the contract.
 */
export const INVOKE_CHANNELS = [
  'app:info',
  'devices:list',
  'capture:this-device',
  'capture:remote',
  'devices:register',
  'devices:register-corporate',
  'groups:search',
  'devices:retry',
  'devices:update',
  'devices:remove',
  'devices:export-csv',
  'devices:detail',
  'import:read',
  'import:queue',
  'tags:list',
  'records:lookup',
  'records:change',
  'records:deregister',
  'records:sync',
  'settings:get',
  'settings:set',
  'tenant:use',
  'tenant:test',
  'signin:start',
  'signin:sign-out',
  'export:offline',
  'activity:list',
  'activity:export',
  'watch:get',
  'watch:choose-folder',
  'watch:set',
] as const;

/** Events main pushes to the renderer. */
export const EVENT_CHANNELS = ['devices:changed', 'activity:added', 'tenant:changed', 'watch:status'] as const;
