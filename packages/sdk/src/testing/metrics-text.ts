/** One sample line of the Prometheus text (or OpenMetrics) format. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** The exemplar's labels, when the line carries one (OpenMetrics). */
  readonly exemplar?: Readonly<Record<string, string>>;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*?)\})?\s+(\S+)(?:\s+\S+)?(?:\s+#\s+\{(.*?)\}.*)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function labelsOf(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const m of text.matchAll(LABEL)) out[m[1]!] = m[2]!.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
  return out;
}

/**
 * The samples of metric `name` in a scrape, optionally only those whose labels include `labels`.
 * A small reader for tests; `promtool` and Prometheus are the judges of the format itself.
 */
export function samples(text: string, name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = LINE.exec(line);
    if (!m || m[1] !== name) continue;
    const own = labelsOf(m[2]);
    if (!Object.entries(labels).every(([k, v]) => own[k] === v)) continue;
    out.push({ name, labels: own, value: Number(m[3]), ...(m[4] !== undefined ? { exemplar: labelsOf(m[4]) } : {}) });
  }
  return out;
}

/** The sum of the matching samples' values (0 when none match). */
export function sampleSum(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  return samples(text, name, labels).reduce((sum, s) => sum + s.value, 0);
}
