/*
 * Prometheus and Loki answers (`matrix`, `vector`, `scalar`) turned into what the charts and
 * tables draw. uPlot wants one shared x array and one y array per series, null where a series has
 * no point, so series with different timestamps are aligned on the union of their times.
 */

/** A metric's labels. */
export type Labels = Readonly<Record<string, string>>;

/** One series of a `matrix` answer. Values are `[unix seconds, "value"]`. */
export interface MatrixSeries {
  readonly metric: Labels;
  readonly values: ReadonlyArray<readonly [number, string]>;
}

/** One sample of a `vector` answer. */
export interface VectorSample {
  readonly metric: Labels;
  readonly value: readonly [number, string];
}

/** The `data` of a Prometheus (or Loki metric) query answer. */
export type QueryData =
  | { readonly resultType: 'matrix'; readonly result: readonly MatrixSeries[] }
  | { readonly resultType: 'vector'; readonly result: readonly VectorSample[] }
  | { readonly resultType: 'scalar' | 'string'; readonly result: readonly [number, string] };

/** Series aligned for uPlot: `xs` in unix seconds, one `ys` array per series. */
export interface AlignedSeries {
  readonly xs: number[];
  readonly series: ReadonlyArray<{ readonly name: string; readonly labels: Labels; readonly ys: Array<number | null> }>;
  /** How many points (non-null values) all series hold together. */
  readonly points: number;
}

/**
 * A series name from a legend template (`{{job}} {{route}}`), or, without one, as Prometheus
 * prints a series: `name{a="1", b="2"}`.
 */
export function seriesName(labels: Labels, legend?: string): string {
  if (legend) {
    const text = legend.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, k: string) => labels[k] ?? '');
    if (text.trim()) return text.trim();
  }
  const { __name__: name = '', ...rest } = labels;
  const inner = Object.entries(rest)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return inner ? `${name}{${inner}}` : name || '{}';
}

/** Parses Prometheus' sample strings, including `+Inf`, `-Inf` and `NaN` (drawn as gaps). */
export function sampleValue(text: string): number | null {
  const n = Number(text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : text);
  return Number.isFinite(n) ? n : null;
}

/** Aligns a matrix on the union of its timestamps. */
export function alignMatrix(result: readonly MatrixSeries[], legend?: string): AlignedSeries {
  const times = new Set<number>();
  for (const s of result) for (const [t] of s.values) times.add(t);
  const xs = [...times].sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  let points = 0;
  const series = result.map((s) => {
    const ys: Array<number | null> = new Array<number | null>(xs.length).fill(null);
    for (const [t, v] of s.values) {
      const y = sampleValue(v);
      ys[index.get(t)!] = y;
      if (y !== null) points++;
    }
    return { name: seriesName(s.metric, legend), labels: s.metric, ys };
  });
  return { xs, series, points };
}

/** Merges aligned series of several queries (a panel's targets) into one chart, keeping every time of each (a null stays a gap). */
export function mergeAligned(parts: readonly AlignedSeries[]): AlignedSeries {
  if (parts.length === 1) return parts[0]!;
  const xs = [...new Set(parts.flatMap((p) => p.xs))].sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  const series = parts.flatMap((p) =>
    p.series.map((s) => {
      const ys: Array<number | null> = new Array<number | null>(xs.length).fill(null);
      s.ys.forEach((y, i) => (ys[index.get(p.xs[i]!)!] = y));
      return { ...s, ys };
    }),
  );
  return { xs, series, points: parts.reduce((n, p) => n + p.points, 0) };
}

/** Rows of a table: one per series or sample, with its labels and latest value. */
export interface TableRow {
  readonly name: string;
  readonly labels: Labels;
  readonly value: number | null;
  /** Unix seconds of the value. */
  readonly time: number;
}

/** A query answer as table rows (a matrix shows each series' last value). */
export function tableRows(data: QueryData, legend?: string): TableRow[] {
  if (data.resultType === 'vector') return data.result.map((s) => ({ name: seriesName(s.metric, legend), labels: s.metric, value: sampleValue(s.value[1]), time: s.value[0] }));
  if (data.resultType === 'matrix') {
    return data.result.map((s) => {
      const last = s.values[s.values.length - 1];
      return { name: seriesName(s.metric, legend), labels: s.metric, value: last ? sampleValue(last[1]) : null, time: last ? last[0] : 0 };
    });
  }
  return [{ name: data.resultType, labels: {}, value: sampleValue(String(data.result[1])), time: data.result[0] }];
}
