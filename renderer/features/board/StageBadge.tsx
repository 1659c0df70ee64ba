import { Badge } from '@fluentui/react-components';
import { STAGE_LABELS, type DeviceStage } from '../../../shared/domain/device';

const COLORS: Readonly<Record<DeviceStage, 'informative' | 'brand' | 'success' | 'danger' | 'warning'>> = {
  collected: 'informative',
  imported: 'brand',
  'in-group': 'brand',
  'profile-assigned': 'brand',
  ready: 'success',
  failed: 'danger',
  'timed-out': 'warning',
};

/** The device's current stage in words; "Ready for OOBE" is the only green, filled badge. */
export function StageBadge({ stage }: { stage: DeviceStage }): React.JSX.Element {
  return (
    <Badge appearance={stage === 'ready' ? 'filled' : 'tint'} color={COLORS[stage]} shape="rounded">
      {STAGE_LABELS[stage]}
    </Badge>
  );
}
