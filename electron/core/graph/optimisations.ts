import { GraphError } from './errors';
import type { Logger } from './logger';

/**
 * Calls the engine makes that no field-proven tool does (Get-WindowsAutopilotInfo, the WindowsAutopilotIntune
 * module and the community script POST one record per device and read each record by id). Each is an
 * optimisation with the proven call shape as its fallback (docs/graph-field-notes.md, "Optimisations").
 */
export type Optimisation = 'bulk-import' | 'batch' | 'identity-list' | 'import-list';

/** Every optimisation, in the order `doctor` lists them. */
export const OPTIMISATIONS: readonly Optimisation[] = ['bulk-import', 'batch', 'identity-list', 'import-list'];

/** What each optimisation is, and what replaces it when the tenant refuses it. */
export const OPTIMISATION_LABELS: Readonly<Record<Optimisation, { what: string; fallback: string }>> = {
  'bulk-import': {
    what: 'bulk import action (importedWindowsAutopilotDeviceIdentities/import)',
    fallback: 'one POST per device',
  },
  batch: { what: 'JSON batching ($batch)', fallback: 'one request at a time' },
  'identity-list': {
    what: 'walking the Autopilot device list to watch many devices',
    fallback: 'one read per device',
  },
  'import-list': {
    what: 'walking the import-record list to watch many uploads',
    fallback: 'one read per import record',
  },
};

/** What the tenant said to an optimisation: accepted, or refused (with why and when). */
export interface OptimisationVerdict {
  state: 'accepted' | 'refused';
  at: string;
  reason?: string;
}

/** Verdicts per optimisation, as kept in the journal's metadata (per tenant). */
export type OptimisationVerdicts = Partial<Record<Optimisation, OptimisationVerdict>>;

const ANSWERS = new Set([401, 403, 404, 408, 409, 429]);
/** "Busy, try later" (with Retry-After): says nothing about whether the tenant accepts the call. */
const TRANSIENT = new Set([503, 504]);

/**
 * An answer that says nothing about the device but something about the call: a 5xx other than "busy" that
 * outlived its retries, a 4xx other than auth, not-found, conflict or throttling, or a body that does not parse.
 * Network failures and 503/504 are not: the proven path would meet them too.
 */
export function isUnexpected(error: unknown): error is GraphError {
  if (!(error instanceof GraphError)) return false;
  if (error.graphCode === 'bad-response') return true;
  if (error.status === 0 || TRANSIENT.has(error.status)) return false;
  return error.status >= 500 || (error.status >= 400 && !ANSWERS.has(error.status));
}

/** A failure the proven path would meet too (network, busy): fall back for now, refuse nothing. */
export function isTransient(error: unknown): error is GraphError {
  return error instanceof GraphError && (error.status === 0 || TRANSIENT.has(error.status));
}

/** The tenant's verdicts on each optimisation; a refusal is remembered and said once. */
export class Optimisations {
  private verdicts: OptimisationVerdicts = {};
  private readonly listeners: ((verdicts: OptimisationVerdicts) => void)[] = [];

  constructor(
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** Takes the verdicts remembered for this tenant (journal metadata). */
  load(verdicts: OptimisationVerdicts | undefined): void {
    this.verdicts = { ...verdicts };
  }

  /** Calls `listener` whenever a verdict changes (to persist it). */
  onChange(listener: (verdicts: OptimisationVerdicts) => void): void {
    this.listeners.push(listener);
  }

  /** False once the tenant refused it. */
  enabled(kind: Optimisation): boolean {
    return this.verdicts[kind]?.state !== 'refused';
  }

  /** Records the first success. */
  accepted(kind: Optimisation): void {
    if (this.verdicts[kind]) return;
    this.set(kind, { state: 'accepted', at: new Date(this.now()).toISOString() });
  }

  /** Records a refusal and says so once: from now on the proven call is used for this tenant. */
  refuse(kind: Optimisation, error: unknown): void {
    if (this.verdicts[kind]?.state === 'refused') return;
    const reason = error instanceof Error ? error.message : String(error);
    this.set(kind, { state: 'refused', at: new Date(this.now()).toISOString(), reason });
    const label = OPTIMISATION_LABELS[kind];
    this.logger.warn(
      `The tenant did not accept the ${label.what}; using ${label.fallback} from now on (${reason.slice(0, 200)}).`,
      { optimisation: kind },
    );
  }

  /** The verdicts so far. */
  snapshot(): OptimisationVerdicts {
    return { ...this.verdicts };
  }

  private set(kind: Optimisation, verdict: OptimisationVerdict): void {
    this.verdicts = { ...this.verdicts, [kind]: verdict };
    for (const listener of this.listeners) listener(this.snapshot());
  }
}
