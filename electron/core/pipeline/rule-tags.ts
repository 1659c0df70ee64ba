/** What a dynamic membership rule says about Autopilot group tags. */
export interface RuleTags {
  /** Tags matched exactly ("[OrderID]:TAG" with -eq or -in). */
  exact: string[];
  /** Tag prefixes ("[OrderID]:SITE-" with -startsWith). */
  prefixes: string[];
  /** Substrings ("[OrderID]:X" with -contains). */
  contains: string[];
  /** The rule selects every Autopilot device ([ZTDId] with -startsWith/-contains/-eq). */
  allAutopilot: boolean;
  /** The rule keeps only devices without a tag (-notStartsWith "[OrderID]:" under -all). */
  untaggedOnly: boolean;
}

const ORDER_ID = /\[order ?id\]:/i;

/** Extracts the tag conditions of a rule such as `(device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-KIOSK"))`. */
export function parseRuleTags(rule: string): RuleTags {
  const result: RuleTags = { exact: [], prefixes: [], contains: [], allAutopilot: false, untaggedOnly: false };
  const clause = /-(eq|startswith|contains|notstartswith|match|in)\s*(\[[^\]]*(?:\][^\]]*)*?\]\s*\]|\[[^"']*(?:["'][^"']*["'][^"'\]]*)*\]|"[^"]*"|'[^']*')/gi;
  for (const match of rule.matchAll(clause)) {
    const operator = (match[1] ?? '').toLowerCase();
    const values = [...(match[2] ?? '').matchAll(/"([^"]*)"|'([^']*)'/g)].map((value) => value[1] ?? value[2] ?? '');
    for (const value of values) {
      if (/^\[ztdid\]/i.test(value)) {
        if (operator !== 'notstartswith') result.allAutopilot = true;
        continue;
      }
      const tagMatch = ORDER_ID.exec(value);
      if (!tagMatch || tagMatch.index !== 0) continue;
      const tag = value.slice(tagMatch[0].length);
      if (operator === 'eq' || operator === 'in') result.exact.push(tag);
      else if (operator === 'startswith') result.prefixes.push(tag);
      else if (operator === 'contains') result.contains.push(tag);
      else if (operator === 'notstartswith' && tag === '') result.untaggedOnly = true;
      else if (operator === 'match') result.prefixes.push(tag.replace(/^\^/, '').replace(/[.*+?$].*$/, ''));
    }
  }
  return result;
}

/** True when a rule with these conditions selects a device carrying `tag` ('' for no tag). */
export function ruleSelectsTag(rule: RuleTags, tag: string): boolean {
  const upper = tag.toUpperCase();
  if (tag !== '') {
    if (rule.exact.some((value) => value.toUpperCase() === upper)) return true;
    if (rule.prefixes.some((prefix) => prefix !== '' && upper.startsWith(prefix.toUpperCase()))) return true;
    if (rule.contains.some((part) => part !== '' && upper.includes(part.toUpperCase()))) return true;
    if (rule.prefixes.some((prefix) => prefix === '')) return true;
    return rule.allAutopilot && !rule.untaggedOnly;
  }
  return rule.allAutopilot || rule.untaggedOnly;
}
