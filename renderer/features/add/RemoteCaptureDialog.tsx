import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { devicesStore, useCatalog } from '../../stores';
import { TagPicker } from '../tags/TagPicker';
import { tagProblem } from '../tags/tag-rules';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * Captures another PC on the bench network over WinRM. The account is asked for each time: the password lives
 * in this dialog until it is sent, is cleared after every attempt, and is never kept.
 */
export function RemoteCaptureDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const styles = useStyles();
  const tags = useCatalog((s) => s.tags);
  const [computer, setComputer] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const missing = computer.trim() === '' || (user.trim() !== '' && password === '') || tagProblem(tag) !== null;
  const capture = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    const outcome = await devicesStore.getState().captureRemote({
      computer: computer.trim(),
      ...(user.trim() ? { user: user.trim(), password } : {}),
      ...(tag ? { groupTag: tag } : {}),
    });
    setPassword('');
    setBusy(false);
    if (outcome === null) onClose();
    else setProblem(outcome);
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Capture another PC</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              Reads the hardware hash of a Windows PC on this network over remote management (WinRM), as
              Get-WindowsAutopilotInfo -Name does. The account must be an administrator of that PC; its password is used
              for this capture only and never kept.
            </Text>
            {problem && (
              <MessageBar intent="error">
                <MessageBarBody>{problem}</MessageBarBody>
              </MessageBar>
            )}
            <Field label="Computer" required hint="Its name (BENCH-PC01), DNS name or IP address.">
              <Input value={computer} onChange={(_, data) => setComputer(data.value)} />
            </Field>
            <Field label="User (optional)" hint="DOMAIN\user or PC\user; leave empty to use your own Windows sign-in.">
              <Input value={user} autoComplete="off" onChange={(_, data) => setUser(data.value)} />
            </Field>
            <Field label="Password" hint="Asked for each capture; never stored.">
              <Input
                type="password"
                value={password}
                autoComplete="off"
                disabled={user.trim() === ''}
                onChange={(_, data) => setPassword(data.value)}
              />
            </Field>
            <TagPicker value={tag} onChange={setTag} tags={tags} />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              disabled={missing || busy}
              icon={busy ? <Spinner size="tiny" /> : undefined}
              onClick={() => void capture()}
            >
              Capture
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
