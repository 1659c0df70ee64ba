import { describe, expect, it } from 'vitest';
import { MAX_RULE_LENGTH, parseRule, ruleMatches } from '../../../../shared/domain/rules/rules';

const ZTD = '[ZTDID]:0b6a2a5e-1111-4c4c-9d9d-aaaaaaaaaaaa';
const finance = { devicePhysicalIds: [ZTD, '[OrderId]:OD-FINANCE', '[GID]:g:6966', '[HWID]:h:6966'] };
const untagged = { devicePhysicalIds: [ZTD, '[GID]:g:1', '[HWID]:h:1'] };
const notAutopilot = { devicePhysicalIds: ['[GID]:g:2', '[HWID]:h:2'] };
const retailSite = { devicePhysicalIds: [ZTD, '[OrderId]:SITE-RETAIL-7'] };
const purchase = { devicePhysicalIds: [ZTD, '[PurchaseOrderId]:76222342342'] };

const UNTAGGED_RULE =
  '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDID]")) and (device.devicePhysicalIds -all (_ -notStartsWith "[OrderID]:"))';

describe('dynamic membership rules', () => {
  it.each([
    ['tag rule from the docs', '(device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-FINANCE"))', finance, true],
    [
      'tag rule is case-insensitive in value and operator',
      '(device.devicephysicalids -ANY (_ -EQ "[orderid]:od-finance"))',
      finance,
      true,
    ],
    ['tag rule for another tag', '(device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-RETAIL"))', finance, false],
    [
      'tag rule does not match a longer tag',
      '(device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-FIN"))',
      finance,
      false,
    ],
    [
      'tag rule on an untagged device',
      '(device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-FINANCE"))',
      untagged,
      false,
    ],
    ['all Autopilot devices (memdocs)', '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))', finance, true],
    [
      'all Autopilot devices without parentheses (entra-docs)',
      'device.devicePhysicalIDs -any _ -startsWith "[ZTDId]"',
      untagged,
      true,
    ],
    [
      'all Autopilot devices, older -contains form',
      '(device.devicePhysicalIDs -any (_ -contains "[ZTDId]"))',
      finance,
      true,
    ],
    [
      'ZTDId rule must not match a non-Autopilot device',
      '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))',
      notAutopilot,
      false,
    ],
    [
      '-all with -startsWith matches nothing real',
      '(device.devicePhysicalIds -all (_ -startsWith "[ZTDId]"))',
      finance,
      false,
    ],
    ['prefix rule', '(device.devicePhysicalIds -any (_ -startsWith "[OrderID]:SITE-"))', retailSite, true],
    [
      'prefix rule must not match another prefix',
      '(device.devicePhysicalIds -any (_ -startsWith "[OrderID]:SITE-"))',
      finance,
      false,
    ],
    ['purchase order rule', '(device.devicePhysicalIds -any (_ -eq "[PurchaseOrderId]:76222342342"))', purchase, true],
    ['untagged Autopilot devices: untagged', UNTAGGED_RULE, untagged, true],
    ['untagged Autopilot devices: tagged', UNTAGGED_RULE, finance, false],
    ['untagged Autopilot devices: not Autopilot', UNTAGGED_RULE, notAutopilot, false],
    [
      '-or of two tags',
      '(device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-RETAIL")) -or (device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-FINANCE"))',
      finance,
      true,
    ],
    [
      '-and of two tags',
      '(device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-RETAIL")) -and (device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-FINANCE"))',
      finance,
      false,
    ],
    ['-not', '-not (device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-FINANCE"))', untagged, true],
    [
      'and binds tighter than or',
      'device.displayName -eq "x" or device.displayName -eq "PC1" and device.deviceOSType -eq "Windows"',
      { displayName: 'x', deviceOSType: 'iOS' },
      true,
    ],
    [
      'parentheses change grouping',
      '(device.displayName -eq "x" or device.displayName -eq "PC1") and device.deviceOSType -eq "Windows"',
      { displayName: 'x', deviceOSType: 'iOS' },
      false,
    ],
    ['-match regex', 'device.displayName -match "^kiosk-[0-9]+$"', { displayName: 'KIOSK-12' }, true],
    ['-in list', 'device.deviceOSType -in ["Windows", "macOS"]', { deviceOSType: 'windows' }, true],
    ['-notIn list', 'device.deviceOSType -notIn ["Windows"]', { deviceOSType: 'Windows' }, false],
    ['single quotes', "(device.devicePhysicalIds -any (_ -eq '[OrderID]:OD-FINANCE'))", finance, true],
  ])('%s', (_name, rule, subject, expected) => {
    const parsed = parseRule(rule);
    expect(parsed.ok).toBe(true);
    expect(ruleMatches(rule, subject)).toBe(expected);
  });

  it.each([
    ['unknown operator', '(device.devicePhysicalIds -any (_ -equals "x"))', /Unknown operator "-equals"/],
    ['unclosed quote', '(device.devicePhysicalIds -any (_ -eq "x))', /not closed/],
    ['missing parenthesis', '(device.devicePhysicalIds -any (_ -eq "x")', /ends too early|Expected \)/],
    ['not a device property', '(user.department -eq "x")', /device property/],
    ['empty', '   ', /empty/],
    ['trailing garbage', 'device.displayName -eq "x" "y"', /Unexpected/],
  ])('rejects %s', (_name, rule, message) => {
    const parsed = parseRule(rule);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
    expect(ruleMatches(rule, finance)).toBe(false);
  });

  it('rejects rules over the Entra length limit', () => {
    const long = `device.displayName -eq "${'x'.repeat(MAX_RULE_LENGTH)}"`;
    expect(parseRule(long)).toMatchObject({ ok: false });
  });
});
