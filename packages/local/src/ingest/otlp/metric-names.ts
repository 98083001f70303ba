/**
 * OTLP metric and attribute names to Prometheus names, exactly as Prometheus' own OTLP receiver
 * does by default since 3.0 (`otlp.translation_strategy: UnderscoreEscapingWithSuffixes`, the
 * `prometheus/otlptranslator` module's `MetricNamer{WithMetricSuffixes: true}` and
 * `NormalizeLabel`): invalid characters split the name into tokens joined by `_`, the unit
 * becomes a suffix (`s` -> `_seconds`, `By/s` -> `_bytes_per_second`, `1` -> none), monotonic
 * counters get `_total`, gauges with unit `1` get `_ratio`.
 * Source: prometheus/otlptranslator `metric_namer.go`, `unit_namer.go`, `normalize_label.go`.
 */

/** How a metric is translated: decides the `_total` and `_ratio` suffixes. */
export type OtlpMetricKind = 'gauge' | 'counter' | 'histogram' | 'summary';

/** OTLP (UCUM) units to Prometheus unit words. */
const UNIT_MAP: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};

/** The "per" part of a unit (`/s`), singular. */
const PER_UNIT_MAP: Readonly<Record<string, string>> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

const INVALID_METRIC_CHAR = /[^a-zA-Z0-9:]/g;

function unitSuffixes(unit: string): [main: string, per: string] {
  const slash = unit.indexOf('/');
  const mainOtel = (slash < 0 ? unit : unit.slice(0, slash)).trim();
  const perRaw = slash < 0 ? '' : unit.slice(slash + 1);
  let main = '';
  let per = '';
  if (mainOtel !== '' && !/[{}]/.test(mainOtel)) main = UNIT_MAP[mainOtel] ?? mainOtel;
  if (perRaw !== '') {
    const perOtel = perRaw.trim();
    if (perOtel !== '' && !/[{}]/.test(perOtel)) per = PER_UNIT_MAP[perOtel] ?? perOtel;
    if (per !== '') per = `per_${per}`;
  }
  return [main, per];
}

/** Invalid characters to `_`, runs of `_` collapsed, a leading `_` dropped (`cleanUpUnit`). */
function cleanUpUnit(unit: string): string {
  return unit.replace(INVALID_METRIC_CHAR, '_').replace(/__+/g, '_').replace(/^_/, '');
}

function tokens(name: string): string[] {
  return name.split(INVALID_METRIC_CHAR).filter((t) => t !== '');
}

const nameCache = new Map<string, string>();
const NAME_CACHE_MAX = 10_000;

/**
 * The Prometheus metric name of an OTLP metric. Returns '' when nothing valid is left (Prometheus
 * then refuses the metric).
 *
 * @example
 * ```ts
 * prometheusMetricName('http.server.duration', 's', 'histogram'); // 'http_server_duration_seconds'
 * prometheusMetricName('requests', '1', 'counter');               // 'requests_total'
 * ```
 */
export function prometheusMetricName(name: string, unit: string, kind: OtlpMetricKind): string {
  const key = `${kind}\u0000${unit}\u0000${name}`;
  const hit = nameCache.get(key);
  if (hit !== undefined) return hit;
  let nameTokens = tokens(name);
  const [mainRaw, perRaw] = unitSuffixes(unit);
  let main = cleanUpUnit(mainRaw);
  let per = cleanUpUnit(perRaw);
  if (nameTokens.includes(main)) main = '';
  if (per === 'per_') per = '';
  else {
    per = per.replace(/_$/, '');
    if (nameTokens.includes(per)) per = '';
  }
  if (per !== '') main = main.replace(/_$/, '');
  if (main !== '') nameTokens.push(main);
  if (per !== '') nameTokens.push(per);
  if (kind === 'counter') nameTokens = [...nameTokens.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && kind === 'gauge') nameTokens = [...nameTokens.filter((t) => t !== 'ratio'), 'ratio'];
  let out = nameTokens.join('_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  if (out !== name && /^_*$/.test(out)) out = '';
  if (nameCache.size >= NAME_CACHE_MAX) nameCache.clear();
  nameCache.set(key, out);
  return out;
}

/** The unit as Prometheus' metadata shows it (`UnitNamer.Build`): `s` -> `seconds`, `By/s` -> `bytes_per_second`. */
export function prometheusUnit(unit: string): string {
  const [mainRaw, perRaw] = unitSuffixes(unit);
  const main = cleanUpUnit(mainRaw);
  const per = cleanUpUnit(perRaw);
  const u = main !== '' && per !== '' ? `${main}_${per}` : main !== '' ? main : per;
  return u.replace(/^_/, '').replace(/_$/, '');
}

const labelCache = new Map<string, string>();

/**
 * An attribute key as a Prometheus label name (`NormalizeLabel`): invalid characters to `_`, a
 * leading digit gets `key_`, a single leading `_` gets `key` (`__` stays: reserved names).
 */
export function prometheusLabelName(key: string): string {
  const hit = labelCache.get(key);
  if (hit !== undefined) return hit;
  if (key === '') return '';
  let label = key.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/^[0-9]/.test(label)) label = `key_${label}`;
  else if (label.startsWith('_') && !label.startsWith('__')) label = `key${label}`;
  if (labelCache.size >= NAME_CACHE_MAX) labelCache.clear();
  labelCache.set(key, label);
  return label;
}
