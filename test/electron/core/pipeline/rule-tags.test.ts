import { describe, expect, it } from 'vitest';
import { parseRuleTags, ruleSelectsTag } from '../../../../electron/core/pipeline/rule-tags';

describe('parseRuleTags', () => {
  it('reads exact tags in the documented rule form', () => {
    const rule = parseRuleTags('(device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-FINANCE"))');
    expect(rule.exact).toEqual(['OD-FINANCE']);
    expect(ruleSelectsTag(rule, 'od-finance')).toBe(true);
    expect(ruleSelectsTag(rule, 'OD-RETAIL')).toBe(false);
    expect(ruleSelectsTag(rule, '')).toBe(false);
  });

  it('reads prefixes, -in lists and [OrderId] spellings', () => {
    const rule = parseRuleTags(
      '(device.devicePhysicalIds -any (_ -startsWith "[OrderId]:SITE-")) or (device.devicePhysicalIds -any (_ -in ["[OrderID]:A","[OrderID]:B"]))',
    );
    expect(rule.prefixes).toEqual(['SITE-']);
    expect(rule.exact).toEqual(['A', 'B']);
    expect(ruleSelectsTag(rule, 'SITE-42')).toBe(true);
    expect(ruleSelectsTag(rule, 'B')).toBe(true);
  });

  it('recognises all-Autopilot and untagged-only rules', () => {
    const all = parseRuleTags('(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))');
    expect(all.allAutopilot).toBe(true);
    expect(ruleSelectsTag(all, 'ANY')).toBe(true);
    const untagged = parseRuleTags(
      '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDID]")) and (device.devicePhysicalIds -all (_ -notStartsWith "[OrderID]:"))',
    );
    expect(untagged.untaggedOnly).toBe(true);
    expect(ruleSelectsTag(untagged, 'X')).toBe(false);
    expect(ruleSelectsTag(untagged, '')).toBe(true);
  });
});

describe('rules as boolean expressions', () => {
  const twoClause =
    '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]")) and (device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-FINANCE"))';

  it('the common ZTDId AND OrderID rule selects its tag only', () => {
    const rule = parseRuleTags(twoClause);
    expect(ruleSelectsTag(rule, 'OD-FINANCE')).toBe(true);
    expect(ruleSelectsTag(rule, 'OD-RETAIL')).toBe(false);
    expect(ruleSelectsTag(rule, '')).toBe(false);
  });

  it('evaluates or, not and -all as Entra does', () => {
    const either = parseRuleTags(
      '(device.devicePhysicalIds -any (_ -eq "[OrderID]:A")) or (device.devicePhysicalIds -any (_ -eq "[OrderID]:B"))',
    );
    expect(['A', 'B', 'C'].map((tag) => ruleSelectsTag(either, tag))).toEqual([true, true, false]);
    const allZtd = parseRuleTags('(device.devicePhysicalIds -all (_ -startsWith "[ZTDId]"))');
    expect(ruleSelectsTag(allZtd, 'A')).toBe(false);
    const notLab = parseRuleTags(
      '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDId]")) and not (device.devicePhysicalIds -any (_ -eq "[OrderID]:LAB"))',
    );
    expect(ruleSelectsTag(notLab, 'LAB')).toBe(false);
    expect(ruleSelectsTag(notLab, 'OTHER')).toBe(true);
  });

  it('reads a -match prefix written with escaped brackets, and "PREFIX*" tags', () => {
    const rule = parseRuleTags('(device.devicePhysicalIds -any (_ -match "^\\[OrderID\\]:SITE-.*"))');
    expect(rule.prefixes).toEqual(['SITE-']);
    expect(ruleSelectsTag(rule, 'SITE-9')).toBe(true);
    expect(ruleSelectsTag(rule, 'OTHER')).toBe(false);
    expect(
      ruleSelectsTag(parseRuleTags('(device.devicePhysicalIds -any (_ -startsWith "[OrderID]:SITE-"))'), 'SITE-*'),
    ).toBe(true);
  });

  it('without a parsable expression, [ZTDId] ANDed with a tag clause does not select every tag', () => {
    const rule = { ...parseRuleTags(twoClause), expression: null };
    expect(ruleSelectsTag(rule, 'OD-RETAIL')).toBe(false);
    expect(ruleSelectsTag(rule, 'OD-FINANCE')).toBe(true);
  });
});
