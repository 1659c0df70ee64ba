import { Toast, ToastBody, ToastTitle, Toaster, useId, useToastController } from '@fluentui/react-components';
import { useEffect } from 'react';
import { devicesStore, useDevices } from '../../stores';

/** Shows the store's notices as toasts, each once. */
export function Notices(): React.JSX.Element {
  const toasterId = useId('notices');
  const { dispatchToast } = useToastController(toasterId);
  const notices = useDevices((s) => s.notices);
  useEffect(() => {
    for (const notice of notices) {
      dispatchToast(
        <Toast>
          <ToastTitle>{notice.title}</ToastTitle>
          {notice.body && <ToastBody>{notice.body}</ToastBody>}
        </Toast>,
        { intent: notice.intent, timeout: notice.intent === 'error' ? 10_000 : 4000 },
      );
      devicesStore.getState().takeNotice(notice.id);
    }
  }, [notices, dispatchToast]);
  return <Toaster toasterId={toasterId} position="bottom-end" />;
}
