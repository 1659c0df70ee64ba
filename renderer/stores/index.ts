import { useStore } from 'zustand';
import { api } from '../api';
import { createAppStore, type AppState } from './app-store';
import { createDevicesStore, wireDeviceEvents, type DevicesState } from './devices-store';

/** The app's stores, bound to the real api. */
export const devicesStore = createDevicesStore(api);
export const appStore = createAppStore(api);

/** Selects from the devices store. */
export function useDevices<T>(selector: (state: DevicesState) => T): T {
  return useStore(devicesStore, selector);
}

/** Selects from the app store. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

/** Loads initial state and subscribes to main's pushes, once at start-up. */
export function startStores(): () => void {
  const unsubscribe = wireDeviceEvents(api, devicesStore);
  void appStore.getState().load();
  void devicesStore.getState().load();
  return unsubscribe;
}
