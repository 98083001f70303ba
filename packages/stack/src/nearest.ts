/**
 * Levenshtein edit distance (insert, delete, substitute: cost 1 each), the classic two-row
 * dynamic programme (Wagner–Fischer, 1974).
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `name`, or undefined when none is close enough to be a plausible typo.
 * Case differences are cheap (a user who writes `storageclassname` meant `storageClassName`), and
 * a candidate must be within a third of the longer name's length, so `foo` never "suggests" `bar`
 * (unless `always`, for callers that name the nearest key whatever its distance).
 */
export function nearestName(name: string, candidates: Iterable<string>, options: { readonly always?: boolean } = {}): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const score = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name.toLowerCase(), candidate.toLowerCase()) + 0.1 * (candidate === name ? 0 : 1);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best === undefined || options.always) return best;
  const limit = Math.max(2, Math.ceil(Math.max(name.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
}
