import {
  Button,
  Spinner,
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
import { registeredSerial } from '../../../shared/domain/device';
import type { TenantRecord } from '../../../shared/domain/tenant-record';
import { catalogStore, devicesStore, recordsStore, useCatalog, useDevices } from '../../stores';
import { ExistingRecordChoice, suggestedChoice, type ExistingChoice } from './ExistingRecordChoice';
import { TagPicker } from '../tags/TagPicker';
import { UserField } from '../tags/UserField';
import type { StaticGroupRef } from '../../../shared/ipc/device-schemas';
import { StaticGroupPicker } from './StaticGroupPicker';
import { chainOf, leadsToProfile, tagProblem, userProblem } from '../tags/tag-rules';
import { useReturnFocus } from '../../components/return-focus';
import { DeviceNameField, describeDeviceName } from './DeviceNameField';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Props of the register / change tag or user dialog. */
export interface AssignDialogProps {
  mode: 'register' | 'update';
  ids: readonly string[];
  /** Tag shown first: the tag every one of these devices already has, else empty (never a tag they do not have). */
  initialTag: string;
  onClose: () => void;
}

/** The serials Autopilot holds for board devices (the ones inside their hashes). */
function serialsOf(ids: readonly string[]): string[] {
  const byId = devicesStore.getState().byId;
  return ids.flatMap((id) => (byId[id] ? [registeredSerial(byId[id])] : []));
}

/**
 * Picks a tag (with its group and profile), an optional user and, when changing, a device name; then registers
 * or updates the devices. Before registering, serials the tenant already has are shown with the choice to keep
 * the existing record (its tag updated) or replace it with the new hash.
 */
export function AssignDialog({ mode, ids, initialTag, onClose }: AssignDialogProps): React.JSX.Element {
  const styles = useStyles();
  useReturnFocus();
  const tags = useCatalog((s) => s.tags);
  const [tag, setTag] = useState(initialTag);
  const [user, setUser] = useState('');
  const [name, setName] = useState('');
  const [groups, setGroups] = useState<StaticGroupRef[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [existing, setExisting] = useState<readonly TenantRecord[] | null>(null);
  const [choice, setChoice] = useState<ExistingChoice>('keep');
  const serials = serialsOf(ids);
  // %SERIAL% is the serial Autopilot registers: the one inside the hash.
  const hashSerials = useDevices(
    useShallow((s) => ids.flatMap((id) => (s.byId[id] ? [registeredSerial(s.byId[id])] : []))),
  );
  const invalid =
    tagProblem(tag) !== null ||
    userProblem(user) !== null ||
    describeDeviceName(name, hashSerials).problem !== null ||
    (mode === 'update' && tag === '' && user === '' && name === '');
  const noProfile = tag !== '' && !leadsToProfile(chainOf(tags, tag));
  const verb = mode === 'register' ? 'Register' : 'Apply';
  const finish = (done: boolean): void => {
    setBusy(null);
    if (done) {
      void catalogStore.getState().loadTags();
      onClose();
    }
  };
  const register = async (fields: { groupTag?: string; assignedUser?: string }): Promise<void> => {
    if (existing === null) {
      setBusy('Checking whether the tenant already has these serials…');
      const found = (await recordsStore.getState().check(serials))?.flatMap((result) => result.records) ?? [];
      if (found.length > 0) {
        setExisting(found);
        setChoice(suggestedChoice(found));
        setBusy(null);
        return;
      }
    }
    const known = new Set((existing ?? []).map((record) => record.serialNumber.toUpperCase()));
    const byId = devicesStore.getState().byId;
    const replace =
      choice === 'replace'
        ? ids.filter((id) => known.has(byId[id] ? registeredSerial(byId[id]).toUpperCase() : ''))
        : [];
    const withGroups = {
      ...fields,
      ...(name ? { deviceName: name } : {}),
      ...(groups.length > 0 ? { staticGroups: groups } : {}),
    };
    finish(await devicesStore.getState().register(ids, withGroups, replace));
  };
  const update = async (fields: { groupTag?: string; assignedUser?: string }): Promise<void> => {
    if (!name) {
      finish(await devicesStore.getState().update(ids, fields));
      return;
    }
    // A name lives on the Autopilot record: registered devices are changed in the tenant and read back.
    const byId = devicesStore.getState().byId;
    const registered = ids.filter((id) => byId[id]?.autopilotDeviceId);
    const local = ids.filter((id) => !registered.includes(id));
    if (local.length > 0 && (fields.groupTag || fields.assignedUser))
      await devicesStore.getState().update(local, fields);
    setBusy('Changing in the tenant; waiting until Intune shows the new values (this can take a few minutes)…');
    const outcomes = await recordsStore.getState().change(serialsOf(registered), { ...fields, deviceName: name });
    const done = outcomes.filter((outcome) => outcome.outcome === 'done');
    const others = outcomes.filter((outcome) => outcome.outcome !== 'done');
    devicesStore.getState().notify({
      intent: others.length > 0 || local.length > 0 ? 'warning' : 'success',
      title: `Changed in the tenant and read back: ${done.length} device${done.length === 1 ? '' : 's'}`,
      ...(others.length > 0 || local.length > 0
        ? {
            body: [
              ...others.map((outcome) => `${outcome.serial}: ${outcome.message}`),
              ...(local.length > 0 ? [`${local.length} not registered: a name is set once registered.`] : []),
            ].join(' '),
          }
        : {}),
    });
    finish(true);
  };
  const submit = async (): Promise<void> => {
    const fields = { ...(tag ? { groupTag: tag } : {}), ...(user ? { assignedUser: user } : {}) };
    if (mode === 'register') await register(fields);
    else await update(fields);
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>
            {mode === 'register'
              ? `Register ${ids.length} device${ids.length === 1 ? '' : 's'}`
              : `Change tag, user or name of ${ids.length} device${ids.length === 1 ? '' : 's'}`}
          </DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              {mode === 'register'
                ? `The group tag decides which dynamic group and deployment profile the devices get.${
                    initialTag
                      ? ` Shown: the tag ${ids.length === 1 ? 'the device already has' : 'these devices already share'}.`
                      : ''
                  } Leave it empty to keep each device’s own tag${ids.length === 1 ? '' : 's'}.`
                : 'Registered devices are updated in the tenant and followed until Intune shows the new values and the new profile is assigned.'}
            </Text>
            <TagPicker value={tag} onChange={setTag} tags={tags} />
            <UserField value={user} onChange={setUser} />
            <DeviceNameField value={name} serials={hashSerials} onChange={setName} />
            {mode === 'register' && <StaticGroupPicker value={groups} onChange={setGroups} />}
            {existing && existing.length > 0 && (
              <ExistingRecordChoice records={existing} choice={choice} onChange={setChoice} />
            )}
            {busy && <Spinner size="small" label={busy} />}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={invalid || busy !== null} onClick={() => void submit()}>
              {existing && existing.length > 0
                ? choice === 'replace'
                  ? 'Replace and register'
                  : 'Keep and register'
                : noProfile
                  ? `${verb} anyway (no profile)`
                  : verb}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
