import { stageLabelOf } from '../../../shared/domain/corporate';
import { STAGES, type DeviceView, type Stage } from '../../../shared/domain/device';

/** How one step of the five-step indicator looks. */
export type StepState = 'done' | 'current' | 'failed' | 'pending' | 'skipped';

/** One step: its state, when it was reached and how long it took from the step before. */
export interface Step {
  stage: Stage;
  label: string;
  state: StepState;
  at: string | null;
  /** Milliseconds from the previous step's time, when both are known. */
  tookMs: number | null;
}

/** Short labels for the narrow indicator; the full label is read to screen readers. */
export const SHORT_LABELS: Readonly<Record<Stage, string>> = {
  collected: 'Hash',
  imported: 'Imported',
  'in-group': 'In group',
  'profile-assigned': 'Profile',
  ready: 'Ready',
};

/** A corporate identifier has two steps: its identifiers collected, then added in Intune. */
const CORPORATE_STEPS: readonly Stage[] = ['collected', 'imported'];
/** Short labels of a corporate identifier's steps. */
const CORPORATE_SHORT_LABELS: Readonly<Partial<Record<Stage, string>>> = {
  collected: 'Identifiers',
  imported: 'Corporate ID',
};

/** The short label of a step for a device of either kind. */
export function shortLabelOf(stage: Stage, kind?: DeviceView['kind']): string {
  return (kind === 'corporate-identifier' ? CORPORATE_SHORT_LABELS[stage] : undefined) ?? SHORT_LABELS[stage];
}

/**
 * The steps of a device (five for Windows Autopilot, two for a corporate identifier), derived from its stage,
 * times, problem and unobservable stages.
 */
export function stepsOf(
  device: Pick<DeviceView, 'stage' | 'stageTimes' | 'notObservable' | 'problem' | 'inProgress' | 'kind'>,
): Step[] {
  const stages = device.kind === 'corporate-identifier' ? CORPORATE_STEPS : STAGES;
  const failedAt: Stage | null =
    device.stage === 'failed' || device.stage === 'timed-out'
      ? (device.problem?.stage ??
        stages.find((s) => !device.stageTimes[s] && !device.notObservable.includes(s)) ??
        'imported')
      : null;
  const reached = failedAt === null ? stages.indexOf(device.stage as Stage) : stages.indexOf(failedAt) - 1;
  let previousAt: string | null = null;
  return stages.map((stage, index) => {
    const at = device.stageTimes[stage] ?? null;
    let state: StepState;
    if (device.notObservable.includes(stage) && index > reached) state = 'skipped';
    else if (stage === failedAt) state = 'failed';
    else if (index <= reached) state = 'done';
    else if (index === reached + 1 && failedAt === null && device.inProgress === true) state = 'current';
    else state = 'pending';
    if (device.notObservable.includes(stage) && state === 'done' && !at) state = 'skipped';
    const tookMs = at && previousAt ? Date.parse(at) - Date.parse(previousAt) : null;
    if (at) previousAt = at;
    return { stage, label: stageLabelOf(stage, device.kind), state, at, tookMs };
  });
}

const TIME_FORMAT = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const formatted = new Map<string, string>();

/** "14:03:22" in local time (formatting is cached: the board shows thousands of these). */
export function clockTime(iso: string): string {
  let text = formatted.get(iso);
  if (text === undefined) {
    const date = new Date(iso);
    text = Number.isNaN(date.getTime()) ? '' : TIME_FORMAT.format(date);
    if (formatted.size > 50_000) formatted.clear();
    formatted.set(iso, text);
  }
  return text;
}

/** "12 s", "3 min 4 s", "1 h 2 min". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** What a screen reader hears for one step. */
export function describeStep(step: Step): string {
  const when = step.at
    ? ` at ${clockTime(step.at)}${step.tookMs !== null ? `, took ${duration(step.tookMs)}` : ''}`
    : '';
  switch (step.state) {
    case 'done':
      return `${step.label}: done${when}`;
    case 'current':
      return `${step.label}: in progress`;
    case 'failed':
      return `${step.label}: stopped here`;
    case 'skipped':
      return `${step.label}: not observable with the granted permissions`;
    case 'pending':
      return `${step.label}: not yet`;
  }
}
