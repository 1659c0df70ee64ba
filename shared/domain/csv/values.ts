/** A Windows product key (five groups of five), e.g. the OA3 firmware key: a secret, never written. */
const PRODUCT_KEY = /^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$/i;

/** True when text has the shape of a Windows product key. */
export function looksLikeProductKey(text: string): boolean {
  return PRODUCT_KEY.test(text.trim());
}

/**
 * Why a value cannot go into an Intune CSV unchanged, or null when it can. Intune's format allows no
 * quotes, so a comma, quote or line break would shift or split columns; a leading = + - @ makes
 * spreadsheets run the cell as a formula (CSV injection); the portal accepts ANSI text only.
 */
export function csvValueProblem(value: string): string | null {
  if (/[\r\n]/.test(value)) return 'contains a line break';
  if (value.includes(',')) return 'contains a comma';
  if (value.includes('"')) return 'contains a quotation mark';
  if (/^[=+\-@]/.test(value)) return `starts with "${value[0]}" (a spreadsheet would run it as a formula)`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains a control character';
  if (/[^\u0020-\u007e]/.test(value)) return 'contains a non-ASCII character (Intune accepts ANSI text only)';
  if (value !== value.trim()) return 'has leading or trailing spaces';
  if (looksLikeProductKey(value)) return 'is a Windows product key (a secret, never exported)';
  return null;
}
