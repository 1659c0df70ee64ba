import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { DoctorReport, SettingsView, TenantMode } from '../../shared/ipc/settings-schemas';

/** Which console and tenant this renderer is attached to, and the tenant settings. */
export interface AppState {
  info: ResponseOf<'app:info'> | null;
  settings: SettingsView | null;
  doctor: DoctorReport | null;
  testing: boolean;
  switching: boolean;
  error: string | null;
  /** Reads version, platform and tenant from main. */
  load: () => Promise<void>;
  /** Reads the settings (never the secret). */
  loadSettings: () => Promise<void>;
  /** Saves the settings; resolves to an error message or null. */
  saveSettings: (request: RequestOf<'settings:set'>) => Promise<string | null>;
  /** Switches between the sandbox and the configured tenant; resolves to an error message or null. */
  useTenant: (kind: TenantMode['kind']) => Promise<string | null>;
  /** Runs the pre-flight of the settings form's values (saved or not), or of the tenant in use without them. */
  testConnection: (settings?: RequestOf<'settings:set'>) => Promise<void>;
  /** Applies a tenant switch pushed by main. */
  applyTenant: (tenant: TenantMode) => void;
}

/** Creates the app store over an api. */
export function createAppStore(api: DesktopApi): StoreApi<AppState> {
  return createStore<AppState>()((set, get) => ({
    info: null,
    settings: null,
    doctor: null,
    testing: false,
    switching: false,
    error: null,
    async load() {
      const result = await api.invoke('app:info', {});
      set(result.ok ? { info: result.value, error: null } : { error: result.error.message });
    },
    async loadSettings() {
      const result = await api.invoke('settings:get', {});
      set(result.ok ? { settings: result.value } : { error: result.error.message });
    },
    async saveSettings(request) {
      const result = await api.invoke('settings:set', request);
      if (!result.ok) return result.error.message;
      set({ settings: result.value });
      return null;
    },
    async useTenant(kind) {
      set({ switching: true });
      const result = await api.invoke('tenant:use', { kind });
      set({ switching: false });
      if (!result.ok) return result.error.message;
      get().applyTenant(result.value);
      await get().loadSettings();
      return null;
    },
    async testConnection(settings) {
      set({ testing: true, doctor: null });
      const result = await api.invoke('tenant:test', settings ? { settings } : {});
      set({
        testing: false,
        doctor: result.ok
          ? result.value
          : {
              target: settings?.tenantId || (get().info?.tenant.label ?? ''),
              signIn: { ok: false, message: result.error.message },
              permissions: [],
              checks: [],
            },
      });
    },
    applyTenant(tenant) {
      const { info, settings } = get();
      set({
        ...(info ? { info: { ...info, tenant } } : {}),
        ...(settings ? { settings: { ...settings, mode: tenant } } : {}),
        doctor: null,
      });
    },
  }));
}

/** Subscribes to tenant switches pushed by main. */
export function wireAppEvents(api: DesktopApi, store: StoreApi<AppState>): () => void {
  return api.on('tenant:changed', (tenant) => store.getState().applyTenant(tenant));
}
