import { z } from 'zod';
import { DeviceView } from '../domain/device';

/** Local board ids of the devices a bulk action applies to. */
export const DeviceIds = z.array(z.string().min(1).max(64)).min(1).max(20_000);

/** Group tag as typed: CSV-safe, at most 128 characters (checked again in main). */
export const GroupTag = z.string().max(128);
/** Assigned user: empty, or an email-like user principal name. */
export const AssignedUser = z.union([
  z.literal(''),
  z
    .string()
    .max(256)
    .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/),
]);

/** What a bulk action did: devices it applied to, and the ones it left alone with the reason. */
export const BulkOutcome = z.object({
  done: z.array(z.string()),
  skipped: z.array(z.object({ id: z.string(), serial: z.string(), reason: z.string() })),
});
/** What a bulk action did. */
export type BulkOutcome = z.infer<typeof BulkOutcome>;

/** A static group chosen for registration: its object id and display name. */
export const StaticGroupRef = z
  .object({ id: z.string().regex(/^[0-9a-f-]{36}$/i), name: z.string().min(1).max(256) })
  .strict();
/** A static group chosen for registration. */
export type StaticGroupRef = z.infer<typeof StaticGroupRef>;

/** A group found by name: whether a device can be added to it (assigned security groups only), and why not. */
export const GroupChoice = z.object({
  id: z.string(),
  displayName: z.string(),
  assignable: z.boolean(),
  reason: z.string().nullable(),
});
/** A group found by name. */
export type GroupChoice = z.infer<typeof GroupChoice>;

/** One event in a device's life, oldest first. */
export const TimelineEntry = z.object({
  at: z.string(),
  kind: z.enum(['stage', 'problem', 'info', 'warning']),
  message: z.string(),
});
/** One event in a device's life. */
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** One finding of the offline hash validation. */
export const HashFinding = z.object({ code: z.string(), message: z.string() });

/** The offline validation of a device's hash, and what the hash says about the device. */
export const HashReport = z.object({
  ok: z.boolean(),
  errors: z.array(HashFinding),
  warnings: z.array(HashFinding),
  decoded: z
    .object({
      serial: z.string(),
      manufacturer: z.string(),
      model: z.string(),
      uuid: z.string(),
      hasTpm: z.boolean(),
      tpmVersion: z.string(),
      networkAdapters: z.number(),
      osBuild: z.string(),
      capturedAt: z.string().nullable(),
      chars: z.number(),
    })
    .nullable(),
});
/** The offline validation of a device's hash. */
export type HashReport = z.infer<typeof HashReport>;

/** Everything the detail panel shows about one device. */
export const DeviceDetail = z.object({
  device: DeviceView,
  timeline: z.array(TimelineEntry),
  validation: HashReport,
  graph: z.object({
    autopilotDeviceId: z.string().nullable(),
    entraDeviceId: z.string().nullable(),
    importRecordId: z.string().nullable(),
    /** What to say instead of the import record id when there is none (e.g. the existing record was updated). */
    importRecordNote: z.string().nullable(),
  }),
  /** Checks that could not be made with the granted permissions, in plain words. */
  skippedChecks: z.array(z.string()),
});
/** Everything the detail panel shows about one device. */
export type DeviceDetail = z.infer<typeof DeviceDetail>;

/** One problem found in a CSV row or file. */
export const ImportProblem = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});

/** The verdict on one CSV row, before anything is queued. */
export const ImportRow = z.object({
  line: z.number(),
  serial: z.string(),
  status: z.enum(['ok', 'warning', 'invalid']),
  problems: z.array(ImportProblem),
  manufacturer: z.string(),
  model: z.string(),
  groupTag: z.string(),
  assignedUser: z.string(),
  /** Already on the board (the board keeps one row per serial). */
  onBoard: z.boolean(),
});
/** The verdict on one CSV row. */
export type ImportRow = z.infer<typeof ImportRow>;

/** The per-row report of a CSV file; `importId` queues its valid rows. */
export const ImportReport = z.object({
  importId: z.string(),
  fileName: z.string(),
  encoding: z.string(),
  rows: z.array(ImportRow),
  counts: z.object({ rows: z.number(), ok: z.number(), warned: z.number(), invalid: z.number() }),
  fileProblems: z.array(ImportProblem.extend({ line: z.number().optional() })),
});
/** The per-row report of a CSV file. */
export type ImportReport = z.infer<typeof ImportReport>;

/** A known group tag and what it leads to: tag -> dynamic group -> deployment profile. */
export const TagChain = z.object({
  tag: z.string(),
  /** Where the tag is known from. */
  sources: z.array(z.enum(['tenant', 'configuration', 'in-use'])),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
  profiles: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Why the chain is incomplete (no group selects it, no profile targets its group, not readable). */
  warning: z.string().nullable(),
});
/** A known group tag and what it leads to. */
export type TagChain = z.infer<typeof TagChain>;

/** One line of the activity log (audit: who did what, when, with which tag, and the outcome). */
export const ActivityEntry = z.object({
  id: z.string(),
  /** Date and time (ISO 8601, UTC). */
  at: z.string(),
  /** The tenant worked against: "sandbox" or the tenant's id ('' for entries of the console itself). */
  tenant: z.string().default(''),
  /** Who: the signed-in person's UPN, or "application (client id …)" for application credentials. */
  actor: z.string(),
  action: z.string(),
  serial: z.string(),
  groupTag: z.string(),
  outcome: z.enum(['ok', 'failed', 'info', 'warning']),
  detail: z.string(),
});
/** One line of the activity log. */
export type ActivityEntry = z.infer<typeof ActivityEntry>;

/** A file the renderer offers as a download (the content is text main produced). */
export const TextFile = z.object({ fileName: z.string(), content: z.string() });

/** A device name or a name template with %SERIAL% / %RAND:x%, checked by shared/domain/device-name.ts. */
export const DeviceNameText = z.string().max(64);
