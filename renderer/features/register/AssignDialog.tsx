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
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { catalogStore, devicesStore, useCatalog, useDevices } from '../../stores';
import { TagPicker } from '../tags/TagPicker';
import { UserField } from '../tags/UserField';
import { chainOf, leadsToProfile, tagProblem, userProblem } from '../tags/tag-rules';
import { DeviceNameField, describeDeviceName } from './DeviceNameField';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Props of the register / change tag or user dialog. */
export interface AssignDialogProps {
  mode: 'register' | 'update';
  ids: readonly string[];
  /** Tag shown first (the devices' common tag, or the last one used). */
  initialTag: string;
  onClose: () => void;
}

/** Picks a tag (with its group and profile) and an optional user, then registers or updates the devices. */
export function AssignDialog({ mode, ids, initialTag, onClose }: AssignDialogProps): React.JSX.Element {
  const styles = useStyles();
  const tags = useCatalog((s) => s.tags);
  const [tag, setTag] = useState(initialTag);
  const [user, setUser] = useState('');
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  // %SERIAL% is the serial Autopilot registers: the one inside the hash.
  const serials = useDevices(
    useShallow((s) => ids.flatMap((id) => (s.byId[id] ? [s.byId[id].hashSerial ?? s.byId[id].serial] : []))),
  );
  const invalid =
    tagProblem(tag) !== null ||
    userProblem(user) !== null ||
    (mode === 'register' && describeDeviceName(name, serials).problem !== null) ||
    (mode === 'update' && tag === '' && user === '');
  const noProfile = tag !== '' && !leadsToProfile(chainOf(tags, tag));
  const verb = mode === 'register' ? 'Register' : 'Apply';
  const submit = async (): Promise<void> => {
    setBusy(true);
    const fields = { ...(tag ? { groupTag: tag } : {}), ...(user ? { assignedUser: user } : {}) };
    const done =
      mode === 'register'
        ? await devicesStore.getState().register(ids, { ...fields, ...(name ? { deviceName: name } : {}) })
        : await devicesStore.getState().update(ids, fields);
    setBusy(false);
    if (done) {
      void catalogStore.getState().loadTags();
      onClose();
    }
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>
            {mode === 'register'
              ? `Register ${ids.length} device${ids.length === 1 ? '' : 's'}`
              : `Change tag or user of ${ids.length} device${ids.length === 1 ? '' : 's'}`}
          </DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              {mode === 'register'
                ? 'The group tag decides which dynamic group and deployment profile the devices get. Leave it empty to keep each device’s own tag.'
                : 'Registered devices are updated in the tenant and followed until the new profile is assigned.'}
            </Text>
            <TagPicker value={tag} onChange={setTag} tags={tags} />
            <UserField value={user} onChange={setUser} />
            {mode === 'register' && <DeviceNameField value={name} serials={serials} onChange={setName} />}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={invalid || busy} onClick={() => void submit()}>
              {noProfile ? `${verb} anyway (no profile)` : verb}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
