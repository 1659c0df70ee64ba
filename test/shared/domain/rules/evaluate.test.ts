import { describe, expect, it } from 'vitest';
import {
  MAX_RULE_LENGTH,
  evaluateRule,
  parseRule,
  ruleMatches,
  type RuleSubject,
} from '../../../../shared/domain/rules/rules';

const device: RuleSubject = {
  displayName: 'Kiosk-12',
  deviceOSType: 'Windows',
  devicePhysicalIds: ['[ZTDId]:abc', '[OrderId]:OD-RETAIL'],
  enrollmentProfileName: null,
};

describe('rule operators, each both ways', () => {
  it.each([
    ['-eq', 'device.displayName -eq "kiosk-12"', true],
    ['-eq, another value', 'device.displayName -eq "kiosk-1"', false],
    ['-ne', 'device.displayName -ne "kiosk-1"', true],
    ['-ne, same value', 'device.displayName -ne "KIOSK-12"', false],
    ['-startsWith', 'device.displayName -startsWith "KIOSK"', true],
    ['-startsWith, not a prefix', 'device.displayName -startsWith "12"', false],
    ['-notStartsWith', 'device.displayName -notStartsWith "12"', true],
    ['-notStartsWith, a prefix', 'device.displayName -notStartsWith "kiosk"', false],
    ['-contains', 'device.displayName -contains "SK-1"', true],
    ['-contains, absent', 'device.displayName -contains "x"', false],
    ['-notContains', 'device.displayName -notContains "x"', true],
    ['-notContains, present', 'device.displayName -notContains "sk-1"', false],
    ['-match is case-insensitive', 'device.displayName -match "^kiosk-\\d+$"', true],
    ['-match, no match', 'device.displayName -match "^pc"', false],
    ['-notMatch', 'device.displayName -notMatch "^pc"', true],
    ['-notMatch, a match', 'device.displayName -notMatch "kiosk"', false],
    ['-in', 'device.deviceOSType -in ["macOS", "WINDOWS"]', true],
    ['-in, absent', 'device.deviceOSType -in ["macOS"]', false],
    ['-notIn', 'device.deviceOSType -notIn ["macOS"]', true],
    ['-notIn, present', 'device.deviceOSType -notIn ["macOS", "windows"]', false],
    ['-in without commas', 'device.deviceOSType -in ["macOS" "Windows"]', true],
  ])('%s', (_name, rule, expected) => {
    expect(parseRule(rule).ok).toBe(true);
    expect(ruleMatches(rule, device)).toBe(expected);
  });
});

describe('rule logic', () => {
  it.each([
    ['and: both', 'device.displayName -eq "kiosk-12" -and device.deviceOSType -eq "windows"', true],
    ['and: one', 'device.displayName -eq "kiosk-12" -and device.deviceOSType -eq "ios"', false],
    ['and: the other', 'device.displayName -eq "pc" and device.deviceOSType -eq "windows"', false],
    ['or: first', 'device.displayName -eq "kiosk-12" -or device.deviceOSType -eq "ios"', true],
    ['or: second', 'device.displayName -eq "pc" or device.deviceOSType -eq "windows"', true],
    ['or: neither', 'device.displayName -eq "pc" -or device.deviceOSType -eq "ios"', false],
    ['not', 'not device.displayName -eq "pc"', true],
    ['-not of a match', '-not (device.displayName -eq "kiosk-12")', false],
    ['not not', '-not -not device.displayName -eq "kiosk-12"', true],
    ['-any', 'device.devicePhysicalIds -any (_ -startsWith "[OrderId]:OD-")', true],
    ['-any, none', 'device.devicePhysicalIds -any _ -eq "[OrderId]:OD-LAB"', false],
    ['-all', 'device.devicePhysicalIds -all (_ -startsWith "[")', true],
    ['-all, not every one', 'device.devicePhysicalIds -all (_ -startsWith "[ZTDId]")', false],
    ['-all over no values', 'device.physicalIds -all (_ -eq "x")', true],
    ['-any over no values', 'device.physicalIds -any (_ -eq "x")', false],
    ['-any over one plain value', 'device.displayName -any (_ -eq "kiosk-12")', true],
    ['property names are case-insensitive', 'device.DISPLAYNAME -eq "kiosk-12"', true],
    ['a list property never equals a value', 'device.devicePhysicalIds -eq "[ZTDId]:abc"', false],
    ['a list property is never unequal either', 'device.devicePhysicalIds -ne "x"', false],
    ['a missing property equals null', 'device.enrollmentProfileName -eq null', true],
    ['a missing property is not unequal to null', 'device.enrollmentProfileName -ne null', false],
    ['a missing property is unequal to a value', 'device.enrollmentProfileName -ne "x"', true],
    ['a missing property does not equal a value', 'device.accountEnabled -eq "x"', false],
    ['a missing property starts with nothing', 'device.accountEnabled -startsWith ""', false],
    ['true and false are values', 'device.accountEnabled -eq true', false],
  ])('%s', (_name, rule, expected) => {
    const parsed = parseRule(rule);
    expect(parsed).toMatchObject({ ok: true });
    if (parsed.ok) expect(evaluateRule(parsed.rule, device)).toBe(expected);
  });

  it('reads the tree with and binding tighter than or, left to right', () => {
    const parsed = parseRule('device.a -eq "1" or device.b -eq "2" and device.c -eq "3" or device.d -eq "4"');
    const cmp = (property: string, value: string) => ({ kind: 'compare', property, operator: 'eq', value });
    expect(parsed).toEqual({
      ok: true,
      rule: {
        kind: 'or',
        left: { kind: 'or', left: cmp('a', '1'), right: { kind: 'and', left: cmp('b', '2'), right: cmp('c', '3') } },
        right: cmp('d', '4'),
      },
    });
  });

  it('reads lambdas, lists and literals', () => {
    expect(parseRule('device.devicePhysicalIDs -ALL (_ -notStartsWith "[OrderID]:")')).toEqual({
      ok: true,
      rule: {
        kind: 'lambda',
        quantifier: 'all',
        property: 'devicephysicalids',
        operator: 'notstartswith',
        value: '[OrderID]:',
      },
    });
    expect(parseRule('device.deviceOSType -notIn ["a", "b"]')).toEqual({
      ok: true,
      rule: { kind: 'compare', property: 'deviceostype', operator: 'notin', value: ['a', 'b'] },
    });
    expect(parseRule('device.accountEnabled -eq TRUE')).toEqual({
      ok: true,
      rule: { kind: 'compare', property: 'accountenabled', operator: 'eq', value: 'true' },
    });
  });
});

describe('rule errors name the position', () => {
  it.each([
    ['an operator without a dash', 'device.displayName eq "x"', 'Unknown operator "eq" at position 20.'],
    [
      'a lambda without its variable',
      'device.devicePhysicalIds -any (x -eq "a")',
      'Expected _ at position 32, found "x".',
    ],
    ['an unquoted value', 'device.displayName -eq kiosk', 'Expected a quoted value at position 24, found "kiosk".'],
    ['an unclosed lambda', 'device.devicePhysicalIds -any (_ -eq "a"', 'The rule ends too early.'],
    ['an unclosed group', '(device.displayName -eq "a" -or', 'The rule ends too early.'],
    ['a group closed twice', '(device.displayName -eq "a"))', 'Unexpected ")" at position 29.'],
    ['an unclosed list', 'device.deviceOSType -in ["a"', 'The rule ends too early.'],
    [
      'a list item that is not a string',
      'device.deviceOSType -in ["a", b]',
      'Expected string at position 31, found "b".',
    ],
    [
      'a property of something else',
      'user.department -eq "x"',
      'Expected a device property such as device.devicePhysicalIds at position 1.',
    ],
    [
      'a nested property',
      'device.extension.attr -eq "x"',
      'Expected a device property such as device.devicePhysicalIds at position 1.',
    ],
  ])('%s', (_name, rule, error) => {
    expect(parseRule(rule)).toEqual({ ok: false, error });
    expect(ruleMatches(rule, device)).toBe(false);
  });

  it(`accepts ${MAX_RULE_LENGTH} characters and no more`, () => {
    const base = 'device.displayName -eq "';
    const longest = `${base}${'x'.repeat(MAX_RULE_LENGTH - base.length - 1)}"`;
    expect(longest).toHaveLength(MAX_RULE_LENGTH);
    expect(parseRule(longest).ok).toBe(true);
    const over = `${longest} `;
    expect(parseRule(over)).toEqual({
      ok: false,
      error: `The rule is ${MAX_RULE_LENGTH + 1} characters long; Entra accepts at most ${MAX_RULE_LENGTH}.`,
    });
  });
});
