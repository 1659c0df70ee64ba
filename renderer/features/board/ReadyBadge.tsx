import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled } from '@fluentui/react-icons';

const useStyles = makeStyles({
  badge: { fontWeight: tokens.fontWeightBold, paddingInline: tokens.spacingHorizontalS },
});

/** The one mark that means "safe to reboot into OOBE or hand over": used for ready devices and the header count only. */
export function ReadyBadge({ children = 'Ready for OOBE' }: { children?: React.ReactNode }): React.JSX.Element {
  const styles = useStyles();
  return (
    <Badge
      appearance="filled"
      color="success"
      shape="rounded"
      size="large"
      icon={<CheckmarkCircle16Filled />}
      className={styles.badge}
      data-testid="ready-badge"
    >
      {children}
    </Badge>
  );
}
