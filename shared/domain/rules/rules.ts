/**
 * Entra dynamic device membership rules: the subset Autopilot groups use (reference §4.3).
 * Operators and string values compare case-insensitively, as entra-docs says; property names are matched
 * case-insensitively too because Microsoft's own examples spell `devicePhysicalIds` and `devicePhysicalIDs`.
 */
import { tokenize, type Token } from './tokens';

/** The longest rule body Entra accepts. */
export const MAX_RULE_LENGTH = 3072;

export type RuleOperator =
  'eq' | 'ne' | 'startswith' | 'notstartswith' | 'contains' | 'notcontains' | 'match' | 'notmatch' | 'in' | 'notin';

/** A parsed rule. */
export type RuleNode =
  | { kind: 'and' | 'or'; left: RuleNode; right: RuleNode }
  | { kind: 'not'; operand: RuleNode }
  | { kind: 'compare'; property: string; operator: RuleOperator; value: string | string[] }
  | { kind: 'lambda'; quantifier: 'any' | 'all'; property: string; operator: RuleOperator; value: string | string[] };

/** What a rule is evaluated against: device property name -> value(s). */
export type RuleSubject = Record<string, string | string[] | null | undefined>;

export type ParseResult = { ok: true; rule: RuleNode } | { ok: false; error: string };

const OPERATORS = new Set<string>([
  'eq',
  'ne',
  'startswith',
  'notstartswith',
  'contains',
  'notcontains',
  'match',
  'notmatch',
  'in',
  'notin',
]);

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): RuleNode {
    const node = this.or();
    const extra = this.tokens[this.at];
    if (extra) throw new Error(`Unexpected "${extra.text}" at position ${extra.pos + 1}.`);
    return node;
  }

  private peekWord(...words: string[]): boolean {
    const token = this.tokens[this.at];
    return token?.type === 'word' && words.includes(token.text.toLowerCase());
  }

  private next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new Error('The rule ends too early.');
    return token;
  }

  private expect(type: Token['type'], text?: string): Token {
    const token = this.next();
    if (token.type !== type || (text !== undefined && token.text !== text)) {
      throw new Error(`Expected ${text ?? type} at position ${token.pos + 1}, found "${token.text}".`);
    }
    return token;
  }

  private or(): RuleNode {
    let left = this.and();
    while (this.peekWord('-or', 'or')) {
      this.at++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): RuleNode {
    let left = this.unary();
    while (this.peekWord('-and', 'and')) {
      this.at++;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): RuleNode {
    if (this.peekWord('-not', 'not')) {
      this.at++;
      return { kind: 'not', operand: this.unary() };
    }
    const token = this.tokens[this.at];
    if (token?.type === '(') {
      this.at++;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    return this.comparison();
  }

  private operator(): RuleOperator {
    const token = this.expect('word');
    const name = token.text.toLowerCase().replace(/^-/, '');
    if (!token.text.startsWith('-') || !OPERATORS.has(name)) {
      throw new Error(`Unknown operator "${token.text}" at position ${token.pos + 1}.`);
    }
    return name as RuleOperator;
  }

  private value(operator: RuleOperator): string | string[] {
    if (operator === 'in' || operator === 'notin') {
      this.expect('[');
      const items: string[] = [];
      while (this.tokens[this.at]?.type !== ']') {
        items.push(this.expect('string').text);
        if (this.tokens[this.at]?.type === ',') this.at++;
      }
      this.expect(']');
      return items;
    }
    const token = this.next();
    if (token.type === 'string') return token.text;
    if (token.type === 'word' && /^(null|true|false)$/i.test(token.text)) return token.text.toLowerCase();
    throw new Error(`Expected a quoted value at position ${token.pos + 1}, found "${token.text}".`);
  }

  private comparison(): RuleNode {
    const propertyToken = this.expect('word');
    const match = /^device\.([A-Za-z]+)$/i.exec(propertyToken.text);
    if (!match?.[1]) {
      throw new Error(
        `Expected a device property such as device.devicePhysicalIds at position ${propertyToken.pos + 1}.`,
      );
    }
    const property = match[1].toLowerCase();
    if (this.peekWord('-any', '-all')) {
      const quantifier = this.next().text.toLowerCase() === '-any' ? 'any' : 'all';
      const wrapped = this.tokens[this.at]?.type === '(';
      if (wrapped) this.at++;
      this.expect('word', '_');
      const operator = this.operator();
      const value = this.value(operator);
      if (wrapped) this.expect(')');
      return { kind: 'lambda', quantifier, property, operator, value };
    }
    const operator = this.operator();
    return { kind: 'compare', property, operator, value: this.value(operator) };
  }
}

/** Parses a membership rule; errors name the position, as the Entra rule editor does. */
export function parseRule(text: string): ParseResult {
  if (text.length > MAX_RULE_LENGTH) {
    return {
      ok: false,
      error: `The rule is ${text.length} characters long; Entra accepts at most ${MAX_RULE_LENGTH}.`,
    };
  }
  try {
    const tokens = tokenize(text);
    if (tokens.length === 0) return { ok: false, error: 'The rule is empty.' };
    return { ok: true, rule: new Parser(tokens).parse() };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function test(operator: RuleOperator, actual: string, expected: string | string[]): boolean {
  const a = actual.toLowerCase();
  const list = (Array.isArray(expected) ? expected : [expected]).map((v) => v.toLowerCase());
  const e = list[0] ?? '';
  switch (operator) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'startswith':
      return a.startsWith(e);
    case 'notstartswith':
      return !a.startsWith(e);
    case 'contains':
      return a.includes(e);
    case 'notcontains':
      return !a.includes(e);
    case 'match':
      return new RegExp(e, 'i').test(actual);
    case 'notmatch':
      return !new RegExp(e, 'i').test(actual);
    case 'in':
      return list.includes(a);
    case 'notin':
      return !list.includes(a);
  }
}

function lookup(subject: RuleSubject, property: string): string | string[] | null {
  const key = Object.keys(subject).find((k) => k.toLowerCase() === property);
  return key === undefined ? null : (subject[key] ?? null);
}

/** Evaluates a parsed rule against one device. */
export function evaluateRule(rule: RuleNode, subject: RuleSubject): boolean {
  switch (rule.kind) {
    case 'and':
      return evaluateRule(rule.left, subject) && evaluateRule(rule.right, subject);
    case 'or':
      return evaluateRule(rule.left, subject) || evaluateRule(rule.right, subject);
    case 'not':
      return !evaluateRule(rule.operand, subject);
    case 'lambda': {
      const raw = lookup(subject, rule.property);
      const values = Array.isArray(raw) ? raw : raw === null ? [] : [raw];
      return rule.quantifier === 'any'
        ? values.some((v) => test(rule.operator, v, rule.value))
        : values.every((v) => test(rule.operator, v, rule.value));
    }
    case 'compare': {
      const raw = lookup(subject, rule.property);
      if (Array.isArray(raw)) return false;
      if (raw === null) return rule.value === 'null' ? rule.operator === 'eq' : rule.operator === 'ne';
      return test(rule.operator, raw, rule.value);
    }
  }
}

/** Parses and evaluates in one step; an invalid rule matches nothing (Entra never runs it). */
export function ruleMatches(text: string, subject: RuleSubject): boolean {
  const parsed = parseRule(text);
  return parsed.ok && evaluateRule(parsed.rule, subject);
}
