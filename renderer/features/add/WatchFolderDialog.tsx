import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FolderOpenRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { catalogStore, useCatalog } from '../../stores';
import { TagPicker } from '../tags/TagPicker';
import { tagProblem } from '../tags/tag-rules';
import { useReturnFocus } from '../../components/return-focus';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  folder: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  path: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

const STATE_TEXT = { off: 'Off', watching: 'Watching', unavailable: 'Unavailable', error: 'Error' } as const;

/** The watch folder: choose it, turn it on or off, pick the tag, and see what it last took in. */
export function WatchFolderDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const styles = useStyles();
  useReturnFocus();
  const watch = useCatalog((s) => s.watch);
  const tags = useCatalog((s) => s.tags);
  const [tag, setTag] = useState(watch?.groupTag ?? '');
  useEffect(() => void catalogStore.getState().loadWatch(), []);
  const apply = (enabled: boolean, register = watch?.register ?? false): void => {
    if (tagProblem(tag)) return;
    void catalogStore.getState().setWatch({ enabled, groupTag: tag, register });
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Watch folder</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              CSV and hash files that appear in this folder (for example a share your task sequences write to) are added
              to the board once, then moved to processed/ or rejected/ with a report.
            </Text>
            <div className={styles.folder}>
              <Text className={styles.path}>{watch?.folder ?? 'No folder chosen'}</Text>
              <Button icon={<FolderOpenRegular />} onClick={() => void catalogStore.getState().chooseWatchFolder()}>
                Choose folder…
              </Button>
            </div>
            <TagPicker
              value={tag}
              onChange={setTag}
              tags={tags}
              label="Group tag for devices from this folder"
              hint="Rows with their own tag keep it."
            />
            <Switch
              label="Register what comes in"
              checked={watch?.register ?? false}
              onChange={(_, data) => apply(watch?.enabled ?? false, data.checked)}
            />
            <Switch
              label="Watch this folder"
              checked={watch?.enabled ?? false}
              disabled={!watch?.folder}
              onChange={(_, data) => apply(data.checked)}
            />
            <Text role="status">Status: {STATE_TEXT[watch?.state ?? 'off']}</Text>
            {watch?.message && (
              <MessageBar intent={watch.state === 'error' ? 'error' : 'warning'}>
                <MessageBarBody>{watch.message}</MessageBarBody>
              </MessageBar>
            )}
            <Field label="Last file taken in">
              <Text>
                {watch?.lastFile
                  ? `${watch.lastFile.name} at ${new Date(watch.lastFile.at).toLocaleTimeString()}: ${watch.lastFile.accepted} added, ${watch.lastFile.rejected} rejected`
                  : 'None yet'}
              </Text>
            </Field>
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              onClick={() => {
                apply(watch?.enabled ?? false);
                onClose();
              }}
            >
              Done
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
