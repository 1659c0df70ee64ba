import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi, ResponseOf } from '../../shared/ipc/contract';

/** Which console and tenant this renderer is attached to. */
export interface AppState {
  info: ResponseOf<'app:info'> | null;
  error: string | null;
  /** Reads version, platform and tenant from main. */
  load: () => Promise<void>;
}

/** Creates the app store over an api. */
export function createAppStore(api: DesktopApi): StoreApi<AppState> {
  return createStore<AppState>()((set) => ({
    info: null,
    error: null,
    async load() {
      const result = await api.invoke('app:info', {});
      set(result.ok ? { info: result.value, error: null } : { error: result.error.message });
    },
  }));
}
