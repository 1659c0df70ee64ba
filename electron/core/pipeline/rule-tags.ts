import { evaluateRule, parseRule, type RuleNode } from '../../../shared/domain/rules/rules';

/** What a dynamic membership rule says about Autopilot group tags. */
export interface RuleTags {
  /** Tags matched exactly ("[OrderID]:TAG" with -eq or -in). */
  exact: string[];
  /** Tag prefixes ("[OrderID]:SITE-" with -startsWith, or -match "^\[OrderID\]:SITE-"). */
  prefixes: string[];
  /** Substrings ("[OrderID]:X" with -contains). */
  contains: string[];
  /** The rule names [ZTDId] in a positive clause (-startsWith/-contains/-eq). */
  allAutopilot: boolean;
  /** The rule keeps only devices without a tag (-notStartsWith "[OrderID]:" under -all). */
  untaggedOnly: boolean;
  /** The rule as a boolean expression, or null when Entra's syntax could not be parsed (then the clauses above decide). */
  expression?: RuleNode | null;
}

const ORDER_ID = /\[order ?id\]:/i;

/** A -match pattern such as `^\[OrderID\]:SITE-.*` read as the literal text it requires at the start. */
function matchPrefix(pattern: string): string {
  const text = pattern.replace(/^\^/, '').replace(/\\([[\]().\-:])/g, '$1');
  const meta = text.search(/[.*+?$|()\\{}^]/);
  return meta < 0 ? text : text.slice(0, meta);
}

/** Extracts the tag conditions of a rule such as `(device.devicePhysicalIds -any (_ -eq "[OrderID]:OD-KIOSK"))`. */
export function parseRuleTags(rule: string): RuleTags {
  const parsed = parseRule(rule);
  const result: RuleTags = {
    exact: [],
    prefixes: [],
    contains: [],
    allAutopilot: false,
    untaggedOnly: false,
    expression: parsed.ok ? parsed.rule : null,
  };
  const clause =
    /-(eq|startswith|contains|notstartswith|match|in)\s*(\[[^\]]*(?:\][^\]]*)*?\]\s*\]|\[[^"']*(?:["'][^"']*["'][^"'\]]*)*\]|"[^"]*"|'[^']*')/gi;
  for (const match of rule.matchAll(clause)) {
    const operator = (match[1] ?? '').toLowerCase();
    const values = [...(match[2] ?? '').matchAll(/"([^"]*)"|'([^']*)'/g)].map((value) => value[1] ?? value[2] ?? '');
    for (const raw of values) {
      const value = operator === 'match' ? matchPrefix(raw) : raw;
      if (/^\[ztdid\]/i.test(value)) {
        if (operator !== 'notstartswith') result.allAutopilot = true;
        continue;
      }
      const tagMatch = ORDER_ID.exec(value);
      if (!tagMatch || tagMatch.index !== 0) continue;
      const tag = value.slice(tagMatch[0].length);
      if (operator === 'eq' || operator === 'in') result.exact.push(tag);
      else if (operator === 'startswith' || operator === 'match') result.prefixes.push(tag);
      else if (operator === 'contains') result.contains.push(tag);
      else if (operator === 'notstartswith' && tag === '') result.untaggedOnly = true;
    }
  }
  return result;
}

/**
 * The physicalIds Entra gives an Autopilot device with this tag: hardware ids every device carries (so `-all`
 * clauses behave as they do in a tenant), the [ZTDId] of a registered device and, when tagged, its [OrderId].
 */
export function syntheticPhysicalIds(tag: string): string[] {
  const ids = ['[GID]:g:6966141427532801', '[HWID]:h:6966141427532801', '[ZTDId]:00000000-0000-4000-8000-000000000000'];
  return tag === '' ? ids : [...ids, `[OrderId]:${tag}`];
}

/**
 * True when a rule selects an Autopilot device carrying `tag` ('' for no tag). The rule is evaluated as Entra
 * does (`and`, `or`, `not`); a tag written "PREFIX*" stands for the tags a -startsWith/-match prefix selects.
 */
export function ruleSelectsTag(rule: RuleTags, tag: string): boolean {
  const value = tag.endsWith('*') ? tag.slice(0, -1) : tag;
  if (rule.expression) return evaluateRule(rule.expression, { devicePhysicalIds: syntheticPhysicalIds(value) });
  const upper = value.toUpperCase();
  const namesTags = rule.exact.length + rule.prefixes.length + rule.contains.length > 0;
  if (value !== '') {
    if (rule.exact.some((item) => item.toUpperCase() === upper)) return true;
    if (rule.prefixes.some((prefix) => upper.startsWith(prefix.toUpperCase()))) return true;
    if (rule.contains.some((part) => part !== '' && upper.includes(part.toUpperCase()))) return true;
    // [ZTDId] alone selects every tag; ANDed with an [OrderID] clause it does not (unparsed rules only).
    return rule.allAutopilot && !rule.untaggedOnly && !namesTags;
  }
  return (rule.allAutopilot && !namesTags) || rule.untaggedOnly;
}
