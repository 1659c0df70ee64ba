import { Button, Text, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: '140px minmax(0, 1fr) auto',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  label: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  value: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
});

/** A labelled value with a copy button (Graph ids, serials); `empty` says why there is no value. */
export function CopyValue({
  label,
  value,
  empty = 'not known yet',
}: {
  label: string;
  value: string | null;
  empty?: string;
}): React.JSX.Element {
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  return (
    <div className={styles.row}>
      <Text className={styles.label}>{label}</Text>
      <Text className={styles.value}>{value ?? empty}</Text>
      {value ? (
        <Tooltip content={copied ? 'Copied' : `Copy ${label}`} relationship="label">
          <Button
            size="small"
            appearance="subtle"
            icon={copied ? <CheckmarkRegular /> : <CopyRegular />}
            onClick={() => {
              void navigator.clipboard.writeText(value).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          />
        </Tooltip>
      ) : (
        <span />
      )}
    </div>
  );
}
