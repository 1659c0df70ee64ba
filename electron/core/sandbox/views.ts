/** Graph JSON shapes of the sandbox entities (property names and enums from the OpenAPI excerpts). */
import {
  isoOrNever,
  type AutopilotDevice,
  type DeploymentProfile,
  type DirectoryGroup,
  type ImportRecord,
  type ProfileAssignment,
} from './model';
import type { Tenant } from './tenant';
import { physicalIdsAt } from './timeline';

export type GraphVersion = 'v1.0' | 'beta';
type Json = Record<string, unknown>;

/** `state.deviceImportStatus` moves unknown -> pending -> complete/error while the record is processed. */
export function importView(tenant: Tenant, record: ImportRecord): Json {
  let state: Json;
  if (record.result) {
    state = {
      deviceImportStatus: record.result.status,
      deviceRegistrationId: record.result.deviceRegistrationId,
      deviceErrorCode: record.result.errorCode,
      deviceErrorName: record.result.errorName,
    };
  } else {
    const halfway = record.createdAt + (tenant.importDueAt(record) - record.createdAt) / 2;
    state = {
      deviceImportStatus: tenant.now() < halfway ? 'unknown' : 'pending',
      deviceRegistrationId: '',
      deviceErrorCode: 0,
      deviceErrorName: '',
    };
  }
  return {
    '@odata.type': '#microsoft.graph.importedWindowsAutopilotDeviceIdentity',
    id: record.id,
    groupTag: record.groupTag,
    serialNumber: record.serialNumber,
    productKey: record.productKey,
    // Whether importId reads back is not documented: by default it does not, so clients cannot lean on it.
    importId: tenant.quirks.importIdEchoed ? record.importId : '',
    hardwareIdentifier: record.hardwareIdentifier,
    state: { '@odata.type': '#microsoft.graph.importedWindowsAutopilotDeviceIdentityState', ...state },
    assignedUserPrincipalName: record.assignedUserPrincipalName,
  };
}

/** windowsAutopilotDeviceIdentity; beta adds profile assignment, remediation and the Entra device id alias. */
export function deviceView(tenant: Tenant, device: AutopilotDevice, version: GraphVersion): Json {
  const view: Json = {
    '@odata.type': '#microsoft.graph.windowsAutopilotDeviceIdentity',
    id: device.id,
    groupTag: device.groupTag,
    purchaseOrderIdentifier: device.purchaseOrderIdentifier,
    serialNumber: device.serialNumber,
    productKey: device.productKey,
    manufacturer: device.manufacturer,
    model: device.model,
    enrollmentState: device.enrollmentState ?? 'notContacted',
    lastContactedDateTime: isoOrNever(device.lastContactedAt),
    addressableUserName: device.addressableUserName,
    userPrincipalName: device.userPrincipalName,
    resourceName: '',
    skuNumber: '',
    systemFamily: '',
    azureActiveDirectoryDeviceId: device.azureAdDeviceId,
    managedDeviceId: device.managedDeviceId ?? '00000000-0000-0000-0000-000000000000',
    displayName: device.displayName,
  };
  if (version === 'v1.0') return view;
  const profile = tenant.timeline.profileState(device, tenant.now());
  return {
    ...view,
    deploymentProfileAssignmentStatus: profile.status,
    deploymentProfileAssignmentDetailedStatus: 'none',
    deploymentProfileAssignedDateTime: isoOrNever(profile.assignedAt),
    azureAdDeviceId: device.azureAdDeviceId,
    deviceAccountUpn: device.deviceAccountUpn,
    deviceAccountPassword: null,
    deviceFriendlyName: device.deviceFriendlyName,
    remediationState: device.remediationState ?? 'noRemediationRequired',
    remediationStateLastModifiedDateTime: isoOrNever(device.remediationAt),
    userlessEnrollmentStatus: 'unknown',
  };
}

/** windowsAutopilotDeploymentProfile (beta), polymorphic on the join type. */
export function profileView(profile: DeploymentProfile): Json {
  const hybrid = profile.joinType === 'hybrid';
  return {
    '@odata.type': hybrid
      ? '#microsoft.graph.activeDirectoryWindowsAutopilotDeploymentProfile'
      : '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile',
    id: profile.id,
    displayName: profile.displayName,
    description: profile.description,
    language: profile.locale,
    locale: profile.locale,
    createdDateTime: isoOrNever(profile.createdAt),
    lastModifiedDateTime: isoOrNever(profile.lastModifiedAt),
    outOfBoxExperienceSetting: {
      privacySettingsHidden: true,
      eulaHidden: true,
      userType: profile.userType,
      deviceUsageType: profile.deviceUsageType,
      keyboardSelectionPageSkipped: true,
      escapeLinkHidden: true,
    },
    outOfBoxExperienceSettings: {
      hidePrivacySettings: true,
      hideEULA: true,
      userType: profile.userType,
      deviceUsageType: profile.deviceUsageType,
      skipKeyboardSelectionPage: true,
      hideEscapeLink: true,
    },
    enrollmentStatusScreenSettings: {
      hideInstallationProgress: false,
      allowDeviceUseBeforeProfileAndAppInstallComplete: false,
      blockDeviceSetupRetryByUser: false,
      allowLogCollectionOnInstallFailure: true,
      customErrorMessage: null,
      installProgressTimeoutInMinutes: 60,
      allowDeviceUseOnInstallFailure: false,
    },
    extractHardwareHash: false,
    hardwareHashExtractionEnabled: false,
    deviceNameTemplate: profile.deviceNameTemplate,
    deviceType: profile.deviceType,
    enableWhiteGlove: profile.preprovisioningAllowed,
    preprovisioningAllowed: profile.preprovisioningAllowed,
    roleScopeTagIds: ['0'],
    managementServiceAppId: null,
    ...(hybrid ? { hybridAzureADJoinSkipConnectivityCheck: false } : {}),
  };
}

/** windowsAutopilotDeploymentProfileAssignment with a group, exclusion-group or all-devices target. */
export function assignmentView(assignment: ProfileAssignment): Json {
  const filter = { deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' };
  const target =
    assignment.groupId === null
      ? { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget', ...filter }
      : {
          '@odata.type': assignment.exclusion
            ? '#microsoft.graph.exclusionGroupAssignmentTarget'
            : '#microsoft.graph.groupAssignmentTarget',
          ...filter,
          groupId: assignment.groupId,
        };
  return {
    '@odata.type': '#microsoft.graph.windowsAutopilotDeploymentProfileAssignment',
    id: assignment.id,
    target,
    source: 'direct',
    sourceId: assignment.profileId,
  };
}

/** An Entra device object with its Autopilot physicalIds. */
export function entraDeviceView(tenant: Tenant, device: AutopilotDevice): Json {
  return {
    '@odata.type': '#microsoft.graph.device',
    id: device.entraObjectId,
    deviceId: device.azureAdDeviceId,
    displayName: device.serialNumber,
    accountEnabled: true,
    operatingSystem: 'Windows',
    operatingSystemVersion: device.osBuild || '10.0.26100.0',
    physicalIds: physicalIdsAt(device, tenant.now()) ?? [],
    profileType: 'RegisteredDevice',
    trustType: null,
    isCompliant: null,
    isManaged: null,
    approximateLastSignInDateTime: null,
    registrationDateTime: isoOrNever(device.registeredAt),
    createdDateTime: isoOrNever(device.registeredAt),
    deviceOwnership: 'Company',
    enrollmentProfileName: null,
  };
}

const GROUP_PROPERTIES = [
  'displayName',
  'description',
  'mailNickname',
  'mailEnabled',
  'securityEnabled',
  'groupTypes',
  'membershipRule',
  'membershipRuleProcessingState',
  'createdDateTime',
  'visibility',
  'securityIdentifier',
  'mail',
] as const;

/** A group (dynamic or assigned security group, or a Microsoft 365 group); `reduced` is what memberOf returns with only Device.Read.All (all but id null). */
export function groupView(group: DirectoryGroup, reduced = false): Json {
  if (reduced) {
    return {
      '@odata.type': '#microsoft.graph.group',
      id: group.id,
      ...Object.fromEntries(GROUP_PROPERTIES.map((p) => [p, null])),
    };
  }
  const kind = group.kind ?? 'dynamic';
  return {
    '@odata.type': '#microsoft.graph.group',
    id: group.id,
    displayName: group.displayName,
    description: group.description,
    mailNickname: group.mailNickname,
    mailEnabled: kind === 'microsoft365',
    securityEnabled: kind !== 'microsoft365',
    groupTypes: kind === 'dynamic' ? ['DynamicMembership'] : kind === 'microsoft365' ? ['Unified'] : [],
    membershipRule: kind === 'dynamic' ? group.membershipRule : null,
    membershipRuleProcessingState: kind === 'dynamic' ? group.membershipRuleProcessingState : null,
    createdDateTime: isoOrNever(group.createdAt),
    visibility: null,
    securityIdentifier: `S-1-12-1-${group.id.replace(/-/g, '').slice(0, 8)}`,
    mail: null,
  };
}
