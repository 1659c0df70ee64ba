/**
 * Channel names only, with no schema library: the preload bundles this file and nothing else, so it
 * stays a small sandbox-compatible script. `contract.ts` checks that both lists match the contract.
 */
export const INVOKE_CHANNELS = ['app:info', 'devices:list', 'capture:this-device'] as const;

/** Events main pushes to the renderer. */
export const EVENT_CHANNELS = ['devices:changed'] as const;
