import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { DEVICE_PREPARATION_NEXT_STEPS } from '../../../shared/domain/corporate';
import { registeredSerial, type DeviceView } from '../../../shared/domain/device';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: '4px' },
});

/**
 * What a device's registration adds beyond the five stages: the static groups chosen for it, or, for a corporate
 * identifier, what the technician must still do in Intune for Windows Autopilot device preparation.
 */
export function RegistrationExtras({ device }: { device: DeviceView }): React.JSX.Element | null {
  const styles = useStyles();
  if (device.kind === 'corporate-identifier')
    return (
      <section className={styles.section} aria-label="Device preparation">
        <Text as="h3" weight="semibold">
          Corporate identifier: still to do in Intune
        </Text>
        <Text>
          {device.manufacturer},{device.model},{registeredSerial(device)} is the identifier Intune holds. Windows
          Autopilot device preparation itself is set up in Intune, not by this console:
        </Text>
        <ol className={styles.list}>
          {DEVICE_PREPARATION_NEXT_STEPS.map((step) => (
            <li key={step}>
              <Text>{step}</Text>
            </li>
          ))}
        </ol>
      </section>
    );
  if (!device.staticGroups || device.staticGroups.length === 0) return null;
  return (
    <section className={styles.section} aria-label="Static groups">
      <Text as="h3" weight="semibold">
        Static groups
      </Text>
      <ul className={styles.list}>
        {device.staticGroups.map((group) => (
          <li key={group.id}>
            <Text>
              {group.name}: {group.added ? 'member' : 'added at “in group”, once the Entra device object exists'}
            </Text>
          </li>
        ))}
      </ul>
    </section>
  );
}
