import { useStore } from 'zustand';
import { api } from '../api';
import { createAppStore, wireAppEvents, type AppState } from './app-store';
import { createBoardViewStore, type BoardViewState } from './board-view-store';
import { createCatalogStore, wireCatalogEvents, type CatalogState } from './catalog-store';
import { createDevicesStore, wireDeviceEvents, type DevicesState } from './devices-store';
import { createRecordsStore, type RecordsState } from './records-store';

/** The app's stores, bound to the real api. */
export const devicesStore = createDevicesStore(api);
export const appStore = createAppStore(api);
export const boardViewStore = createBoardViewStore();
export const catalogStore = createCatalogStore(api);
export const recordsStore = createRecordsStore(api);

/** Selects from the devices store. */
export function useDevices<T>(selector: (state: DevicesState) => T): T {
  return useStore(devicesStore, selector);
}

/** Selects from the app store. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

/** Selects from the board's view store. */
export function useBoardView<T>(selector: (state: BoardViewState) => T): T {
  return useStore(boardViewStore, selector);
}

/** Selects from the records (service desk) store. */
export function useRecords<T>(selector: (state: RecordsState) => T): T {
  return useStore(recordsStore, selector);
}

/** Selects from the catalog store. */
export function useCatalog<T>(selector: (state: CatalogState) => T): T {
  return useStore(catalogStore, selector);
}

/** Loads initial state and subscribes to main's pushes, once at start-up. */
export function startStores(): () => void {
  const offs = [
    wireDeviceEvents(api, devicesStore),
    wireAppEvents(api, appStore),
    wireCatalogEvents(api, catalogStore),
    // Another tenant knows other tags: ask again after a switch.
    api.on('tenant:changed', () => void catalogStore.getState().loadTags(true)),
    devicesStore.subscribe((state, previous) => {
      if (state.order !== previous.order) boardViewStore.getState().prune((id) => id in state.byId);
    }),
  ];
  void appStore.getState().load();
  void appStore.getState().loadSettings();
  void devicesStore.getState().load();
  void catalogStore.getState().loadTags();
  void catalogStore.getState().loadActivity();
  void catalogStore.getState().loadWatch();
  return () => offs.forEach((off) => off());
}
