/** A small OData `$filter` parser and evaluator: comparisons, string functions, any/all lambdas, and/or/not. */

export type Operand = { kind: 'prop'; path: string } | { kind: 'lit'; value: string | number | boolean | null };

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'call'; fn: 'contains' | 'startswith' | 'endswith'; args: [Operand, Operand] }
  | { kind: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; left: Operand; right: Operand }
  | { kind: 'lambda'; quantifier: 'any' | 'all'; path: string; variable: string; body: FilterNode };

interface Tok {
  type: 'id' | 'str' | 'num' | '(' | ')' | ',' | ':' | '/';
  text: string;
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) i++;
    else if ('(),:/'.includes(ch)) {
      out.push({ type: ch as Tok['type'], text: ch });
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('Unterminated string literal.');
        if (text.charAt(i) === "'") {
          if (text.charAt(i + 1) === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text.charAt(i++);
      }
      out.push({ type: 'str', text: value });
    } else if (/[0-9-]/.test(ch)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
      if (!m) throw new Error(`Syntax error at position ${i}.`);
      out.push({ type: 'num', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_$@]/.test(ch)) {
      const m = /^[A-Za-z_$@][\w.$@]*/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ type: 'id', text: m[0] });
      i += m[0].length;
    } else throw new Error(`Syntax error at position ${i} in '${text}'.`);
  }
  return out;
}

class FilterParser {
  private at = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): FilterNode {
    const node = this.or();
    if (this.at < this.toks.length) throw new Error(`Syntax error: unexpected '${this.toks[this.at]?.text}'.`);
    return node;
  }

  private peek(type: Tok['type'], text?: string): boolean {
    const t = this.toks[this.at];
    return t?.type === type && (text === undefined || t.text.toLowerCase() === text);
  }

  private take(type: Tok['type'], text?: string): Tok {
    if (!this.peek(type, text)) throw new Error(`Syntax error: expected '${text ?? type}'.`);
    return this.toks[this.at++] as Tok;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.peek('id', 'or')) {
      this.at++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.unary();
    while (this.peek('id', 'and')) {
      this.at++;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.peek('id', 'not')) {
      this.at++;
      return { kind: 'not', operand: this.unary() };
    }
    if (this.peek('(')) {
      this.at++;
      const inner = this.or();
      this.take(')');
      return inner;
    }
    const head = this.toks[this.at];
    const fn = head?.text.toLowerCase();
    if (
      head?.type === 'id' &&
      (fn === 'contains' || fn === 'startswith' || fn === 'endswith') &&
      this.toks[this.at + 1]?.type === '('
    ) {
      this.at += 2;
      const a = this.operand();
      this.take(',');
      const b = this.operand();
      this.take(')');
      return { kind: 'call', fn, args: [a, b] };
    }
    if (head?.type === 'id' && this.toks[this.at + 1]?.type === '/') {
      const path = head.text;
      this.at += 2;
      const q = this.take('id').text.toLowerCase();
      if (q !== 'any' && q !== 'all') throw new Error(`Syntax error: unsupported lambda '${q}'.`);
      this.take('(');
      const variable = this.take('id').text;
      this.take(':');
      const body = this.or();
      this.take(')');
      return { kind: 'lambda', quantifier: q, path, variable, body };
    }
    const left = this.operand();
    const op = this.take('id').text.toLowerCase();
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw new Error(`Syntax error: unknown operator '${op}'.`);
    return { kind: 'cmp', op: op as 'eq', left, right: this.operand() };
  }

  private operand(): Operand {
    const t = this.toks[this.at++];
    if (!t) throw new Error('Syntax error: the filter ends too early.');
    if (t.type === 'str') return { kind: 'lit', value: t.text };
    if (t.type === 'num') return { kind: 'lit', value: Number(t.text) };
    if (t.type === 'id') {
      const lower = t.text.toLowerCase();
      if (lower === 'null') return { kind: 'lit', value: null };
      if (lower === 'true' || lower === 'false') return { kind: 'lit', value: lower === 'true' };
      return { kind: 'prop', path: t.text };
    }
    throw new Error(`Syntax error: unexpected '${t.text}'.`);
  }
}

/** Parses a `$filter` expression; throws with a message on a syntax error. */
export function parseFilter(text: string): FilterNode {
  return new FilterParser(tokenize(text)).parse();
}

/** Visits every node (for allow-lists of supported clauses). */
export function walkFilter(node: FilterNode, visit: (node: FilterNode) => void): void {
  visit(node);
  if (node.kind === 'and' || node.kind === 'or') {
    walkFilter(node.left, visit);
    walkFilter(node.right, visit);
  } else if (node.kind === 'not') walkFilter(node.operand, visit);
  else if (node.kind === 'lambda') walkFilter(node.body, visit);
}

type Value = unknown;

function resolve(operand: Operand, record: Record<string, unknown>, scope: Record<string, Value>): Value {
  if (operand.kind === 'lit') return operand.value;
  if (operand.path in scope) return scope[operand.path];
  const key = Object.keys(record).find((k) => k.toLowerCase() === operand.path.toLowerCase());
  return key === undefined ? null : record[key];
}

const lower = (v: Value): Value => (typeof v === 'string' ? v.toLowerCase() : v);

/** Evaluates a filter against a Graph JSON object; string comparisons ignore case, as Graph's do. */
export function evaluateFilter(
  node: FilterNode,
  record: Record<string, unknown>,
  scope: Record<string, Value> = {},
): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, record, scope) && evaluateFilter(node.right, record, scope);
    case 'or':
      return evaluateFilter(node.left, record, scope) || evaluateFilter(node.right, record, scope);
    case 'not':
      return !evaluateFilter(node.operand, record, scope);
    case 'call': {
      const [a, b] = node.args.map((o) => lower(resolve(o, record, scope)));
      if (typeof a !== 'string' || typeof b !== 'string') return false;
      return node.fn === 'contains' ? a.includes(b) : node.fn === 'startswith' ? a.startsWith(b) : a.endsWith(b);
    }
    case 'cmp': {
      const a = lower(resolve(node.left, record, scope));
      const b = lower(resolve(node.right, record, scope));
      if (node.op === 'eq') return a === b;
      if (node.op === 'ne') return a !== b;
      if (a === null || b === null) return false;
      const x = a as number;
      const y = b as number;
      return node.op === 'gt' ? x > y : node.op === 'ge' ? x >= y : node.op === 'lt' ? x < y : x <= y;
    }
    case 'lambda': {
      const items = resolve({ kind: 'prop', path: node.path }, record, scope);
      const list = Array.isArray(items) ? items : [];
      const test = (item: unknown): boolean => evaluateFilter(node.body, record, { ...scope, [node.variable]: item });
      return node.quantifier === 'any' ? list.some(test) : list.every(test);
    }
  }
}
