import { Button, Tooltip } from '@fluentui/react-components';
import { useState } from 'react';
import { devicesStore } from '../../stores';

/** Exports devices not yet registered as Intune CSV files (for upload from a connected machine). */
export function OfflineExportButton({ icon }: { icon: React.JSX.Element }): React.JSX.Element {
  const [busy, setBusy] = useState(false);
  return (
    <Tooltip
      content="Write devices waiting at “Hash collected” as Intune CSV files into a folder you choose"
      relationship="description"
    >
      <Button
        icon={icon}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void devicesStore
            .getState()
            .exportOffline()
            .finally(() => setBusy(false));
        }}
      >
        Offline export
      </Button>
    </Tooltip>
  );
}
