import type { AutopilotApi } from '../graph/autopilot-api';
import { GraphError } from '../graph/errors';
import type { Capabilities } from '../graph/permissions';
import type { DeploymentProfile, Group, ProfileAssignment } from '../graph/schemas';
import { parseRuleTags, ruleSelectsTag, type RuleTags } from './rule-tags';

/** A profile as the chain shows it. */
export interface ChainProfile {
  id: string;
  displayName: string;
  createdDateTime: string;
}

/** A group as the chain shows it. */
export interface ChainGroup {
  id: string;
  displayName: string;
  membershipRule: string;
  /** "On" or "Paused". */
  processingState: string;
}

/** Where a tag leads: the groups selecting it and the profile that wins (oldest created). */
export interface TagChain {
  tag: string;
  groups: ChainGroup[];
  /** The profile a device with this tag gets, or null when none does. */
  profile: ChainProfile | null;
  /** The winning profile comes from an "All devices" assignment. */
  viaAllDevices: boolean;
  /** Groups (of `groups`) that the winning profile targets: membership in one of these is the "in-group" stage. */
  profileGroupIds: string[];
  /**
   * Set when this entry is a dynamic group rule that selects every tag starting with a prefix (-startsWith,
   * or -match "^…"), not a tag: `tag` is then the prefix followed by "*".
   */
  prefix?: string;
  /** Where the tag is known from. */
  sources: ('rule' | 'devices' | 'configured' | 'journal')[];
  /** Plain-language notes: paused rule, chain partly unreadable. */
  notes: string[];
  /**
   * Every profile Microsoft's rules may give the device, with the reading that gives it: "oldest wins" counts
   * an "All devices" profile by age like any other; "All devices is the default" lets a group profile win.
   * Both readings of the documentation are accepted; when they agree there is one entry.
   */
  accepted?: { profile: ChainProfile; reading: 'oldest-wins' | 'all-devices-default' }[];
}

/** What the tenant says about profiles, their targets and group rules. */
export interface TenantChains {
  profiles: DeploymentProfile[];
  /** profile id -> included group ids. */
  included: Map<string, string[]>;
  /** profile id -> excluded group ids. */
  excluded: Map<string, string[]>;
  allDevicesProfileIds: string[];
  groups: Map<string, Group & { tags: RuleTags }>;
  /** False when group rules could not be read (permission); then chains are incomplete. */
  rulesReadable: boolean;
  /** Checks that could not be made, in plain words. */
  skipped: string[];
  /**
   * A read failed for a passing reason (throttled, a server error): the chains may miss groups or profiles, so
   * nothing is concluded from them (no "not assigned", no skipped group stage) and they are read again soon.
   */
  incomplete?: boolean;
}

/** A failure that passes (throttling, a server error), unlike a refusal (403) or a missing feature. */
function passing(error: GraphError): boolean {
  return error.status === 429 || error.status >= 500;
}

function profileView(profile: DeploymentProfile): ChainProfile {
  return { id: profile.id, displayName: profile.displayName, createdDateTime: profile.createdDateTime };
}

/** Reads profiles, their assignments and the targeted groups' rules. */
export async function readTenantChains(
  api: AutopilotApi,
  capabilities: Capabilities,
  signal?: AbortSignal,
): Promise<TenantChains> {
  // Groups no profile targets still matter: a tag whose group has no profile ends "not assigned".
  let profiles: DeploymentProfile[];
  let assignments: Map<string, ProfileAssignment[]>;
  try {
    profiles = await api.listProfiles(signal);
    assignments =
      profiles.length > 0
        ? await api.profileAssignments(
            profiles.map((profile) => profile.id),
            signal,
          )
        : new Map<string, ProfileAssignment[]>();
  } catch (error) {
    if (!(error instanceof GraphError) || error.status === 0) throw error;
    // Older docs said profile assignments are not available to app-only callers: carry on without the chain.
    const why = `deployment profiles or their assignments could not be read (${error.message}), so the tag -> group -> profile chain was not checked`;
    return {
      profiles: [],
      included: new Map(),
      excluded: new Map(),
      allDevicesProfileIds: [],
      groups: new Map(),
      rulesReadable: false,
      skipped: [why],
      ...(passing(error) ? { incomplete: true } : {}),
    };
  }
  const included = new Map<string, string[]>();
  const excluded = new Map<string, string[]>();
  const allDevicesProfileIds: string[] = [];
  for (const [profileId, items] of assignments) {
    for (const assignment of items) {
      const type = assignment.target['@odata.type'].toLowerCase();
      if (type.includes('alldevices')) allDevicesProfileIds.push(profileId);
      else if (type.includes('exclusion'))
        excluded.set(profileId, [...(excluded.get(profileId) ?? []), assignment.target.groupId]);
      else if (assignment.target.groupId)
        included.set(profileId, [...(included.get(profileId) ?? []), assignment.target.groupId]);
    }
  }
  const groupIds = [...new Set([...included.values(), ...excluded.values()].flat())];
  const groups = new Map<string, Group & { tags: RuleTags }>();
  const skipped: string[] = [];
  let rulesReadable = capabilities.groupRead;
  let incomplete = false;
  if (rulesReadable && groupIds.length > 0) {
    try {
      for (const [id, group] of await api.groups(groupIds, signal))
        groups.set(id, { ...group, tags: parseRuleTags(group.membershipRule) });
    } catch (error) {
      if (!(error instanceof GraphError) || (error.status !== 403 && !passing(error))) throw error;
      if (passing(error)) incomplete = true;
      rulesReadable = false;
    }
  }
  if (rulesReadable) {
    try {
      for (const group of await api.listTagGroups(signal)) {
        if (!groups.has(group.id) && /\[order ?id\\?\]:/i.test(group.membershipRule))
          groups.set(group.id, { ...group, tags: parseRuleTags(group.membershipRule) });
      }
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      if (passing(error)) incomplete = true;
      skipped.push(`dynamic groups could not be listed (${error.message}); only groups that profiles target are known`);
    }
  }
  if (!rulesReadable)
    skipped.push(
      'group rules could not be read (GroupMember.Read.All or Group.Read.All is not granted), so the tag -> group -> profile chain was not checked',
    );
  return {
    profiles,
    included,
    excluded,
    allDevicesProfileIds,
    groups,
    rulesReadable,
    skipped,
    ...(incomplete ? { incomplete } : {}),
  };
}

function createdAt(profile: DeploymentProfile): number {
  const at = Date.parse(profile.createdDateTime);
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

function oldest(profiles: DeploymentProfile[]): DeploymentProfile | null {
  // Date.parse, not string order: Graph writes fractional seconds with varying digits.
  const sorted = [...profiles].sort((a, b) => createdAt(a) - createdAt(b) || a.id.localeCompare(b.id));
  return sorted[0] ?? null;
}

/** The chain of one tag: groups whose rule selects it, and the oldest profile targeting them (or all devices). */
export function chainFor(tenant: TenantChains, tag: string, sources: TagChain['sources'] = []): TagChain {
  const groups = [...tenant.groups.values()].filter((group) => ruleSelectsTag(group.tags, tag));
  const groupIds = new Set(groups.map((group) => group.id));
  const notes: string[] = [];
  const viaGroup = tenant.profiles.filter((profile) => {
    const targets = tenant.included.get(profile.id) ?? [];
    const excludedHere = (tenant.excluded.get(profile.id) ?? []).some((id) => groupIds.has(id));
    return targets.some((id) => groupIds.has(id)) && !excludedHere;
  });
  // Exclusions are not supported with All devices (reference §3): an All-devices profile is never excluded.
  const candidates = [
    ...viaGroup,
    ...tenant.profiles.filter(
      (profile) => tenant.allDevicesProfileIds.includes(profile.id) && !viaGroup.includes(profile),
    ),
  ];
  const winner = oldest(candidates);
  const defaultReading = oldest(viaGroup) ?? winner;
  const accepted: NonNullable<TagChain['accepted']> = winner
    ? [{ profile: profileView(winner), reading: 'oldest-wins' }]
    : [];
  if (defaultReading && winner && defaultReading.id !== winner.id)
    accepted.push({ profile: profileView(defaultReading), reading: 'all-devices-default' });
  const profileGroupIds = winner ? (tenant.included.get(winner.id) ?? []).filter((id) => groupIds.has(id)) : [];
  for (const group of groups) {
    if (group.membershipRuleProcessingState && group.membershipRuleProcessingState.toLowerCase() === 'paused') {
      notes.push(`rule processing of group "${group.displayName}" is paused: new devices will not join it`);
    }
  }
  if (!tenant.rulesReadable) notes.push(...tenant.skipped);
  return {
    tag,
    groups: groups.map((group) => ({
      id: group.id,
      displayName: group.displayName,
      membershipRule: group.membershipRule,
      processingState: group.membershipRuleProcessingState,
    })),
    profile: winner ? profileView(winner) : null,
    viaAllDevices: winner !== null && profileGroupIds.length === 0,
    profileGroupIds,
    sources,
    notes,
    accepted,
  };
}

/** Tags named in the rules of groups that profiles target. */
export function tagsInRules(tenant: TenantChains): string[] {
  return [
    ...new Set(
      [...tenant.groups.values()].flatMap((group) => [
        ...group.tags.exact,
        ...group.tags.prefixes.map((prefix) => `${prefix}*`),
      ]),
    ),
  ];
}
