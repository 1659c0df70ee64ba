import { STAGE_LABELS, type DeviceStage } from '../../shared/domain/device';
import type { StageEvent } from '../core/pipeline/types';
import type { CliContext } from './context';

const ORDER: DeviceStage[] = ['collected', 'imported', 'in-group', 'profile-assigned', 'ready', 'failed', 'timed-out'];
/** Up to this many devices the live view shows one line per device (a bench batch); above, counts only. */
const PER_DEVICE_LINES = 30;

/** Human output of a run: one line per stage change, or a live count per stage on a terminal. */
export class HumanProgress {
  private readonly stages = new Map<string, DeviceStage>();

  constructor(private readonly ctx: CliContext) {}

  /** Records one stage change and prints it (failures always get their own line). */
  event(event: StageEvent): void {
    this.stages.set(event.serial, event.stage);
    const failed = event.stage === 'failed' || event.stage === 'timed-out';
    if (failed || !this.ctx.isTty) {
      const time = event.at.slice(11, 19);
      const label = STAGE_LABELS[event.stage];
      // The code once, then the reason in plain words (the reason never repeats it).
      const why = failed ? `${event.code ? ` (${event.code})` : ''}: ${event.reason ?? ''}` : '';
      this.ctx.out(`${time}  ${event.serial.padEnd(16)} ${label}${why}`);
      if (failed && event.nextStep) this.ctx.out(`${' '.repeat(10)}${' '.repeat(17)}next: ${event.nextStep}`);
    }
    this.draw();
  }

  private draw(): void {
    if (!this.ctx.isTty || !this.ctx.progress) return;
    const counts = new Map<DeviceStage, number>();
    for (const stage of this.stages.values()) counts.set(stage, (counts.get(stage) ?? 0) + 1);
    const parts = ORDER.filter((stage) => counts.get(stage)).map(
      (stage) => `${STAGE_LABELS[stage]}: ${counts.get(stage)}`,
    );
    const devices =
      this.stages.size <= PER_DEVICE_LINES
        ? [...this.stages].map(([serial, stage]) => `  ${serial.padEnd(18)} ${STAGE_LABELS[stage]}`)
        : [];
    this.ctx.progress([...devices, `[${this.stages.size} devices] ${parts.join('  |  ')}`]);
  }

  /** Clears the live area. */
  done(): void {
    this.ctx.progress?.([]);
  }
}
