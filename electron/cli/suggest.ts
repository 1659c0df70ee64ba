/** Levenshtein distance between two strings (insertions, deletions, substitutions), case-insensitive. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/**
 * The candidate nearest to what was typed, when it is near enough to be a slip (a third of its length,
 * at least 2 edits) or what was typed starts it; null when nothing is close.
 */
export function nearest(typed: string, candidates: readonly string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const name of candidates) {
    const distance = editDistance(typed, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return null;
  const prefix = typed.length >= 3 && candidates.find((name) => name.startsWith(typed.toLowerCase()));
  if (best.distance <= Math.max(2, Math.floor(best.name.length / 3))) return best.name;
  return prefix || null;
}
