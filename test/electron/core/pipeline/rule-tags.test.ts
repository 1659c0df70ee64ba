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
    const rule = parseRuleTags('(device.devicePhysicalIds -any (_ -startsWith "[OrderId]:SITE-")) or (device.devicePhysicalIds -any (_ -in ["[OrderID]:A","[OrderID]:B"]))');
    expect(rule.prefixes).toEqual(['SITE-']);
    expect(rule.exact).toEqual(['A', 'B']);
    expect(ruleSelectsTag(rule, 'SITE-42')).toBe(true);
    expect(ruleSelectsTag(rule, 'B')).toBe(true);
  });

  it('recognises all-Autopilot and untagged-only rules', () => {
    const all = parseRuleTags('(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))');
    expect(all.allAutopilot).toBe(true);
    expect(ruleSelectsTag(all, 'ANY')).toBe(true);
    const untagged = parseRuleTags('(device.devicePhysicalIDs -any (_ -startsWith "[ZTDID]")) and (device.devicePhysicalIds -all (_ -notStartsWith "[OrderID]:"))');
    expect(untagged.untaggedOnly).toBe(true);
    expect(ruleSelectsTag(untagged, 'X')).toBe(false);
    expect(ruleSelectsTag(untagged, '')).toBe(true);
  });
});
