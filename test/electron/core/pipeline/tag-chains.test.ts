import { describe, expect, it } from 'vitest';
import { parseRuleTags } from '../../../../electron/core/pipeline/rule-tags';
import { chainFor, type TenantChains } from '../../../../electron/core/pipeline/tag-chains';

function tenant(
  profiles: { id: string; createdDateTime: string }[],
  included: Record<string, string[]>,
  allDevices: string[] = [],
  excluded: Record<string, string[]> = {},
): TenantChains {
  const rule = '(device.devicePhysicalIds -any (_ -eq "[OrderID]:T"))';
  return {
    profiles: profiles.map((profile) => ({ ...profile, displayName: profile.id, '@odata.type': '' })),
    included: new Map(Object.entries(included)),
    excluded: new Map(Object.entries(excluded)),
    allDevicesProfileIds: allDevices,
    groups: new Map([
      [
        'g',
        {
          id: 'g',
          displayName: 'G',
          membershipRule: rule,
          membershipRuleProcessingState: 'On',
          groupTypes: ['DynamicMembership'],
          tags: parseRuleTags(rule),
        },
      ],
    ]),
    rulesReadable: true,
    skipped: [],
  };
}

describe('chainFor', () => {
  it('compares creation times as instants, not strings (fractional seconds vary)', () => {
    const chain = chainFor(
      tenant(
        [
          { id: 'later', createdDateTime: '2024-01-01T00:00:00.5Z' },
          { id: 'earlier', createdDateTime: '2024-01-01T00:00:00Z' },
        ],
        { later: ['g'], earlier: ['g'] },
      ),
      'T',
    );
    expect(chain.profile?.id).toBe('earlier');
  });

  it('accepts both readings when an older All-devices profile meets a newer group profile', () => {
    const chain = chainFor(
      tenant(
        [
          { id: 'all', createdDateTime: '2020-01-01T00:00:00Z' },
          { id: 'group', createdDateTime: '2024-01-01T00:00:00Z' },
        ],
        { group: ['g'] },
        ['all'],
      ),
      'T',
    );
    expect(chain.accepted?.map((item) => [item.profile.id, item.reading])).toEqual([
      ['all', 'oldest-wins'],
      ['group', 'all-devices-default'],
    ]);
  });

  it('one reading when they agree, and an exclusion never removes an All-devices profile', () => {
    const agree = chainFor(
      tenant(
        [
          { id: 'group', createdDateTime: '2020-01-01T00:00:00Z' },
          { id: 'all', createdDateTime: '2024-01-01T00:00:00Z' },
        ],
        { group: ['g'] },
        ['all'],
      ),
      'T',
    );
    expect(agree.accepted?.map((item) => item.profile.id)).toEqual(['group']);
    const excluded = chainFor(
      tenant([{ id: 'all', createdDateTime: '2020-01-01T00:00:00Z' }], {}, ['all'], { all: ['g'] }),
      'T',
    );
    expect(excluded.profile?.id).toBe('all');
  });
});
