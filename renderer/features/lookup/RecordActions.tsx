import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowSyncRegular, DeleteRegular, EditRegular, ArrowSwapRegular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import { registeredSerial } from '../../../shared/domain/device';
import type { TenantRecord } from '../../../shared/domain/tenant-record';
import { devicesStore, recordsStore, useCatalog, useDevices, useRecords } from '../../stores';
import { DeregisterDialog } from '../board/DeregisterDialog';
import { TagPicker } from '../tags/TagPicker';
import { UserField } from '../tags/UserField';
import { tagProblem, userProblem } from '../tags/tag-rules';
import { DeviceNameField, describeDeviceName } from '../register/DeviceNameField';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

type Open = 'change' | 'replace' | 'deregister' | null;

/** Change, replace, deregister and sync for one record of the tenant. */
export function RecordActions({ record }: { record: TenantRecord }): React.JSX.Element {
  const styles = useStyles();
  const tags = useCatalog((s) => s.tags);
  const busy = useRecords((s) => s.busy);
  const [open, setOpen] = useState<Open>(null);
  const [tag, setTag] = useState(record.groupTag);
  const [user, setUser] = useState(record.assignedUser);
  const [name, setName] = useState(record.deviceName);
  // A newly captured or imported hash of this serial on the board is what a replacement registers.
  const onBoard = useDevices((s) =>
    Object.values(s.byId).find(
      (d) => registeredSerial(d).toUpperCase() === record.serialNumber.toUpperCase() && !d.inProgress,
    ),
  );
  const close = (): void => setOpen(null);
  const serials = useMemo(() => [record.serialNumber], [record.serialNumber]);
  const invalid =
    tagProblem(tag) !== null || userProblem(user) !== null || describeDeviceName(name, serials).problem !== null;
  const unchanged = tag === record.groupTag && user === record.assignedUser && name === record.deviceName;
  const apply = async (): Promise<void> => {
    close();
    await recordsStore.getState().change(serials, {
      ...(tag !== record.groupTag ? { groupTag: tag } : {}),
      ...(user !== record.assignedUser ? { assignedUser: user } : {}),
      ...(name !== record.deviceName ? { deviceName: name } : {}),
    });
  };
  const replace = async (): Promise<void> => {
    close();
    if (!onBoard) return;
    await devicesStore.getState().register([onBoard.id], {}, [onBoard.id]);
    recordsStore.getState().setOpen(false);
  };
  return (
    <div className={styles.bar}>
      <Button icon={<EditRegular />} disabled={busy !== null} onClick={() => setOpen('change')}>
        Change tag, user or name…
      </Button>
      <Button icon={<ArrowSwapRegular />} disabled={busy !== null} onClick={() => setOpen('replace')}>
        Replace with new hash…
      </Button>
      <Button icon={<DeleteRegular />} disabled={busy !== null} onClick={() => setOpen('deregister')}>
        Deregister…
      </Button>
      <Button
        icon={<ArrowSyncRegular />}
        disabled={busy !== null}
        onClick={() => void recordsStore.getState().requestSync()}
      >
        Sync Autopilot
      </Button>
      {open === 'deregister' && <DeregisterDialog serials={serials} enrolled={record.enrolled} onClose={close} />}
      <Dialog
        open={open === 'change' || open === 'replace'}
        modalType="modal"
        onOpenChange={(_, data) => !data.open && close()}
      >
        <DialogSurface aria-describedby={undefined}>
          <DialogBody>
            {open === 'change' && (
              <>
                <DialogTitle>Change {record.serialNumber}</DialogTitle>
                <DialogContent className={styles.form}>
                  <Text>
                    Intune accepts the change at once and shows it a few minutes later; the console waits until it reads
                    the new values back.
                  </Text>
                  <TagPicker value={tag} onChange={setTag} tags={tags} />
                  <UserField value={user} onChange={setUser} />
                  <DeviceNameField value={name} serials={serials} onChange={setName} />
                </DialogContent>
                <DialogActions>
                  <Button onClick={close}>Cancel</Button>
                  <Button appearance="primary" disabled={invalid || unchanged} onClick={() => void apply()}>
                    Apply
                  </Button>
                </DialogActions>
              </>
            )}
            {open === 'replace' && (
              <>
                <DialogTitle>Replace the record of {record.serialNumber}</DialogTitle>
                <DialogContent className={styles.form}>
                  <Text>
                    For a device whose motherboard was replaced: the existing record is deregistered, and once Intune no
                    longer lists it the new hash is registered (with the old record's tag and user unless the new hash
                    has its own) and followed to "ready for OOBE". Until then OOBE shows no profile for this device.
                    Refused while the device is enrolled in Intune.
                  </Text>
                  {onBoard ? (
                    <Text weight="semibold">
                      New hash: {onBoard.serial} on the board ({onBoard.origin || onBoard.source}), tag{' '}
                      {onBoard.groupTag || 'none'}.
                    </Text>
                  ) : (
                    <Text weight="semibold" role="alert">
                      No new hash of {record.serialNumber} on the board: capture this device or import its new hash
                      first, then replace.
                    </Text>
                  )}
                </DialogContent>
                <DialogActions>
                  <Button onClick={close}>Cancel</Button>
                  <Button appearance="primary" disabled={!onBoard} onClick={() => void replace()}>
                    Replace
                  </Button>
                </DialogActions>
              </>
            )}
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
