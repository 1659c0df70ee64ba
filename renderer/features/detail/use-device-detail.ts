import { useEffect, useState } from 'react';
import type { DeviceDetail } from '../../../shared/ipc/device-schemas';
import { api } from '../../api';

/** Loads a device's detail from main, again whenever the device changes. */
export function useDeviceDetail(
  id: string | null,
  version: string | undefined,
): { detail: DeviceDetail | null; error: string | null } {
  const [state, setState] = useState<{ detail: DeviceDetail | null; error: string | null }>({
    detail: null,
    error: null,
  });
  useEffect(() => {
    if (id === null) return;
    let live = true;
    void api.invoke('devices:detail', { id }).then((result) => {
      if (!live) return;
      setState(result.ok ? { detail: result.value, error: null } : { detail: null, error: result.error.message });
    });
    return () => {
      live = false;
    };
  }, [id, version]);
  return state;
}
