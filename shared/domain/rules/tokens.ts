/** One lexical token of a membership rule. */
export interface Token {
  type: 'word' | 'string' | '(' | ')' | '[' | ']' | ',';
  text: string;
  /** Zero-based offset in the rule text. */
  pos: number;
}

const PUNCTUATION = new Set(['(', ')', '[', ']', ',']);

/** Splits a rule into words (operators, properties, `_`), quoted strings and punctuation. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (PUNCTUATION.has(ch)) {
      tokens.push({ type: ch as Token['type'], text: ch, pos: i });
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`The quoted value starting at position ${i + 1} is not closed.`);
      tokens.push({ type: 'string', text: text.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    const start = i;
    while (i < text.length && !/[\s()[\],"']/.test(text.charAt(i))) i++;
    tokens.push({ type: 'word', text: text.slice(start, i), pos: start });
  }
  return tokens;
}
