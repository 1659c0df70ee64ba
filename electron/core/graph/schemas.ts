import { z } from 'zod';

// Graph responses are untrusted input: every field the engine reads is validated here, unknown fields pass.
const str = z
  .string()
  .nullish()
  .transform((value) => value ?? '');
const int = z
  .number()
  .int()
  .nullish()
  .transform((value) => value ?? 0);

/** importedWindowsAutopilotDeviceIdentity (reference §1). */
export const ImportedIdentity = z.looseObject({
  id: z.string().min(1),
  serialNumber: str,
  groupTag: str,
  importId: str,
  hardwareIdentifier: str,
  assignedUserPrincipalName: str,
  state: z
    .looseObject({
      deviceImportStatus: str,
      deviceRegistrationId: str,
      deviceErrorCode: int,
      deviceErrorName: str,
    })
    .nullish()
    .transform(
      (value) =>
        value ?? { deviceImportStatus: 'unknown', deviceRegistrationId: '', deviceErrorCode: 0, deviceErrorName: '' },
    ),
});
/** An import record. */
export type ImportedIdentity = z.infer<typeof ImportedIdentity>;

/** windowsAutopilotDeviceIdentity, beta fields included (reference §2). */
export const AutopilotIdentity = z.looseObject({
  id: z.string().min(1),
  serialNumber: str,
  groupTag: str,
  manufacturer: str,
  model: str,
  enrollmentState: str,
  managedDeviceId: str,
  userPrincipalName: str,
  addressableUserName: str,
  displayName: str,
  azureActiveDirectoryDeviceId: str,
  azureAdDeviceId: str,
  deploymentProfileAssignmentStatus: str,
  deploymentProfileAssignmentDetailedStatus: str,
  /** beta: hardware-change state (field notes B10). */
  remediationState: str,
  // Graph reports an unset date as 0001-01-01T00:00:00Z, not null.
  deploymentProfileAssignedDateTime: z
    .string()
    .nullish()
    .transform((value) => (value && Date.parse(value) > Date.UTC(1971, 0, 1) ? value : null)),
  deploymentProfile: z
    .looseObject({ id: str })
    .nullish()
    .transform((value) => value ?? null),
  intendedDeploymentProfile: z
    .looseObject({ id: str })
    .nullish()
    .transform((value) => value ?? null),
});
/** A registered Autopilot device. */
export type AutopilotIdentity = z.infer<typeof AutopilotIdentity>;

/** windowsAutopilotDeploymentProfile (beta, reference §3). */
export const DeploymentProfile = z.looseObject({
  id: z.string().min(1),
  displayName: str,
  createdDateTime: str,
  '@odata.type': str,
});
/** A deployment profile. */
export type DeploymentProfile = z.infer<typeof DeploymentProfile>;

/** windowsAutopilotDeploymentProfileAssignment. */
export const ProfileAssignment = z.looseObject({
  id: str,
  target: z
    .looseObject({ '@odata.type': str, groupId: str })
    .nullish()
    .transform((value) => value ?? { '@odata.type': '', groupId: '' }),
});
/** A profile's assignment to a group (or all devices). */
export type ProfileAssignment = z.infer<typeof ProfileAssignment>;

/** group (v1.0). */
export const Group = z.looseObject({
  id: z.string().min(1),
  displayName: str,
  membershipRule: str,
  membershipRuleProcessingState: str,
  groupTypes: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? []),
});
/** An Entra group. */
export type Group = z.infer<typeof Group>;

/** A directoryObject as returned by members / memberOf (devices carry deviceId). */
export const DirectoryObject = z.looseObject({ id: z.string().min(1), deviceId: str, '@odata.type': str });
/** A group member or a group a device belongs to. */
export type DirectoryObject = z.infer<typeof DirectoryObject>;

/** The import action's response. */
export const ImportResponse = z.looseObject({ value: z.array(ImportedIdentity) });

/** windowsAutopilotSettings (beta). */
export const AutopilotSettings = z.looseObject({
  lastSyncDateTime: str,
  lastManualSyncTriggerDateTime: str,
  syncStatus: str,
});
