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
import { catalogStore, devicesStore, useCatalog } from '../../stores';
import { TagPicker } from '../tags/TagPicker';
import type { StaticGroupRef } from '../../../shared/ipc/device-schemas';
import { UserField } from '../tags/UserField';
import { StaticGroupPicker } from './StaticGroupPicker';
import { chainOf, leadsToProfile, tagProblem, userProblem } from '../tags/tag-rules';
import { useReturnFocus } from '../../components/return-focus';

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

/** Picks a tag (with its group and profile) and an optional user, then registers or updates the devices. */
export function AssignDialog({ mode, ids, initialTag, onClose }: AssignDialogProps): React.JSX.Element {
  const styles = useStyles();
  useReturnFocus();
  const tags = useCatalog((s) => s.tags);
  const [tag, setTag] = useState(initialTag);
  const [user, setUser] = useState('');
  const [groups, setGroups] = useState<StaticGroupRef[]>([]);
  const [busy, setBusy] = useState(false);
  const invalid =
    tagProblem(tag) !== null || userProblem(user) !== null || (mode === 'update' && tag === '' && user === '');
  const noProfile = tag !== '' && !leadsToProfile(chainOf(tags, tag));
  const verb = mode === 'register' ? 'Register' : 'Apply';
  const submit = async (): Promise<void> => {
    setBusy(true);
    const fields = { ...(tag ? { groupTag: tag } : {}), ...(user ? { assignedUser: user } : {}) };
    const done =
      mode === 'register'
        ? await devicesStore
            .getState()
            .register(ids, { ...fields, ...(groups.length > 0 ? { staticGroups: groups } : {}) })
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
                ? `The group tag decides which dynamic group and deployment profile the devices get.${
                    initialTag
                      ? ` Shown: the tag ${ids.length === 1 ? 'the device already has' : 'these devices already share'}.`
                      : ''
                  } Leave it empty to keep each device’s own tag${ids.length === 1 ? '' : 's'}.`
                : 'Registered devices are updated in the tenant and followed until the new profile is assigned.'}
            </Text>
            <TagPicker value={tag} onChange={setTag} tags={tags} />
            <UserField value={user} onChange={setUser} />
            {mode === 'register' && <StaticGroupPicker value={groups} onChange={setGroups} />}
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
