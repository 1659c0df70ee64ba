import { Badge, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useApp, useDevices } from '../../stores';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  title: { flex: 1 },
});

/** Title, tenant badge, ready count and the sandbox banner. */
export function AppHeader(): React.JSX.Element {
  const styles = useStyles();
  const info = useApp((state) => state.info);
  const ready = useDevices((state) => state.order.filter((id) => state.byId[id]?.stage === 'ready').length);
  return (
    <>
      <header className={styles.header}>
        <Text as="h1" size={500} weight="semibold" className={styles.title}>
          Autopilot Console
        </Text>
        <Badge
          appearance={ready > 0 ? 'filled' : 'outline'}
          color={ready > 0 ? 'success' : 'informative'}
          aria-label={`${ready} devices ready for OOBE`}
        >
          {ready} ready for OOBE
        </Badge>
        {info && (
          <Badge appearance="tint" color={info.tenant.kind === 'sandbox' ? 'warning' : 'brand'}>
            {info.tenant.label}
          </Badge>
        )}
      </header>
      {info?.tenant.kind === 'sandbox' && (
        <MessageBar intent="warning" layout="singleline">
          <MessageBarBody>
            <MessageBarTitle>Sandbox tenant</MessageBarTitle>
            Practice tenant on this computer: nothing reaches Microsoft. Configure a tenant in Settings to register
            real devices.
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
