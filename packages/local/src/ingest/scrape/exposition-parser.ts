import { SrcobsError } from '@srcobs/ola';
import type { MetricMetadata, MetricType } from '../../model/metrics.js';

/** The two exposition formats a target can answer with. */
export type ExpositionFormat = 'prometheus' | 'openmetrics';

/** One sample line of a scrape. */
export interface ParsedSample {
  /** The metric name (the `__name__` it will get). */
  readonly name: string;
  /** Labels in the order written, without `__name__`; empty values kept (the scrape loop drops them). */
  readonly labels: ReadonlyArray<readonly [string, string]>;
  readonly value: number;
  /** An explicit timestamp, in ms (OpenMetrics writes seconds; they are converted). */
  readonly timestampMs?: number;
  readonly exemplar?: { readonly labels: Readonly<Record<string, string>>; readonly value: number; readonly timestampMs?: number };
}

/** A whole exposition: samples in order, and metadata of the families that declared TYPE/HELP/UNIT. */
export interface ParsedExposition {
  readonly samples: readonly ParsedSample[];
  readonly metadata: readonly MetricMetadata[];
}

/** The exposition is not valid: Prometheus fails the whole scrape (`up` 0) and so does the scrape loop. */
export class ExpositionParseError extends SrcobsError {
  override readonly name = 'ExpositionParseError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super('exposition_invalid', `line ${line}: ${message}`);
  }
}

const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown', 'untyped']);
/** Families whose `_created` series Prometheus leaves out by default (they are not samples of the metric). */
const CREATED_TYPES = new Set<string>(['counter', 'histogram', 'summary', 'gaugehistogram']);
const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;
const LABEL_START = /[a-zA-Z_]/;
const LABEL_CHAR = /[a-zA-Z0-9_]/;

/** Go's `strconv.ParseFloat` for the values expositions write: decimals, exponents, (+|-)Inf, NaN. */
export function parseGoFloat(text: string): number | undefined {
  if (text === '') return undefined;
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function unescapeHelp(text: string, openMetrics: boolean): string {
  return text.replace(/\\(.)/g, (m: string, c: string) => (c === 'n' ? '\n' : c === '\\' ? '\\' : c === '"' && openMetrics ? '"' : m));
}

class LineParser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly lineNo: number,
  ) {}

  fail(message: string): never {
    throw new ExpositionParseError(this.lineNo, `${message} (at column ${this.pos + 1}: ${JSON.stringify(this.text.slice(0, 120))})`);
  }
  skipSpaces(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }
  name(start: RegExp, rest: RegExp, what: string): string {
    const from = this.pos;
    if (!start.test(this.text[this.pos] ?? '')) this.fail(`expected a ${what}`);
    this.pos++;
    while (rest.test(this.text[this.pos] ?? '')) this.pos++;
    return this.text.slice(from, this.pos);
  }
  quoted(): string {
    if (this.text[this.pos] !== '"') this.fail('expected a quoted label value');
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('unterminated label value');
      if (c === '"') break;
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        if (e === 'n') out += '\n';
        else if (e === '\\' || e === '"') out += e;
        else this.fail(`invalid escape \\${e ?? ''} in a label value`);
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
    this.pos++;
    return out;
  }
  labels(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    this.pos++; // '{'
    for (;;) {
      this.skipSpaces();
      if (this.text[this.pos] === '}') break;
      const name = this.name(LABEL_START, LABEL_CHAR, 'label name');
      this.skipSpaces();
      if (this.text[this.pos] !== '=') this.fail(`expected "=" after label ${name}`);
      this.pos++;
      this.skipSpaces();
      out.push([name, this.quoted()]);
      this.skipSpaces();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== '}') this.fail('expected "," or "}" in the label set');
    }
    this.pos++;
    return out;
  }
  token(): string {
    const from = this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== ' ' && this.text[this.pos] !== '\t') this.pos++;
    return this.text.slice(from, this.pos);
  }
}

function timestampOf(token: string, openMetrics: boolean, p: LineParser): number {
  if (openMetrics) {
    const s = parseGoFloat(token);
    if (s === undefined || !Number.isFinite(s)) p.fail(`invalid timestamp ${JSON.stringify(token)}`);
    return Math.round(s * 1000);
  }
  if (!/^-?\d+$/.test(token)) p.fail(`invalid timestamp ${JSON.stringify(token)} (milliseconds as an integer)`);
  return Number(token);
}

/**
 * Parses a scrape body in the Prometheus text format 0.0.4 or OpenMetrics 1.0 (with exemplars,
 * `# UNIT`, `# EOF`, timestamps in seconds), written for this project because no npm package
 * parses both correctly. As Prometheus: a syntax error fails the whole scrape; `_created` series of
 * counters, histograms and summaries are left out; HELP/TYPE/UNIT become metadata.
 */
export function parseExposition(body: string, format: ExpositionFormat): ParsedExposition {
  const om = format === 'openmetrics';
  const samples: ParsedSample[] = [];
  const meta = new Map<string, { type: MetricType; help: string; unit: string }>();
  const lines = body.split('\n');
  let family = '';
  let familyType = 'unknown';
  let sawEof = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (sawEof) {
      if (line.trim() === '' && i === lines.length - 1) break;
      throw new ExpositionParseError(i + 1, 'content after "# EOF"');
    }
    const p: LineParser = new LineParser(line, i + 1);
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      if (om && line === '# EOF') {
        sawEof = true;
        continue;
      }
      const m = /^#\s+(HELP|TYPE|UNIT)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!m) {
        if (om) p.fail('unknown comment line (OpenMetrics allows only HELP, TYPE, UNIT and EOF)');
        continue;
      }
      const [, keyword, name, rest = ''] = m;
      if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name!)) p.fail(`invalid metric name ${JSON.stringify(name)}`);
      let entry = meta.get(name!);
      if (!entry) meta.set(name!, (entry = { type: 'unknown', help: '', unit: '' }));
      family = name!;
      if (keyword === 'TYPE') {
        const type = rest.trim();
        if (!TYPES.has(type)) p.fail(`unknown metric type ${JSON.stringify(type)}`);
        entry.type = type === 'untyped' ? 'unknown' : (type as MetricType);
        familyType = entry.type;
      } else if (keyword === 'HELP') entry.help = unescapeHelp(rest, om);
      else entry.unit = rest.trim();
      continue;
    }
    const name = p.name(NAME_START, NAME_CHAR, 'metric name');
    const labels = p.text[p.pos] === '{' ? p.labels() : [];
    if (p.text[p.pos] !== ' ' && p.text[p.pos] !== '\t') p.fail('expected a space before the value');
    p.skipSpaces();
    const valueToken = p.token();
    const value = parseGoFloat(valueToken);
    if (value === undefined) p.fail(`invalid value ${JSON.stringify(valueToken)}`);
    p.skipSpaces();
    let timestampMs: number | undefined;
    let exemplar: ParsedSample['exemplar'];
    if (p.pos < line.length && line[p.pos] !== '#') timestampMs = timestampOf(p.token(), om, p);
    p.skipSpaces();
    if (p.pos < line.length) {
      if (!om || line[p.pos] !== '#') p.fail('unexpected text after the value');
      p.pos++;
      p.skipSpaces();
      if (line[p.pos] !== '{') p.fail('expected the exemplar label set');
      const exLabels = Object.fromEntries(p.labels());
      p.skipSpaces();
      const exValue = parseGoFloat(p.token());
      if (exValue === undefined) p.fail('invalid exemplar value');
      p.skipSpaces();
      const exTs = p.pos < line.length ? timestampOf(p.token(), om, p) : undefined;
      p.skipSpaces();
      if (p.pos < line.length) p.fail('unexpected text after the exemplar');
      exemplar = exTs === undefined ? { labels: exLabels, value: exValue } : { labels: exLabels, value: exValue, timestampMs: exTs };
    }
    if (name === `${family}_created` && CREATED_TYPES.has(familyType)) continue;
    const sample: ParsedSample = { name, labels, value, ...(timestampMs !== undefined ? { timestampMs } : {}), ...(exemplar ? { exemplar } : {}) };
    samples.push(sample);
  }
  if (om && !sawEof) throw new ExpositionParseError(lines.length, 'an OpenMetrics exposition must end with "# EOF"');
  const metadata: MetricMetadata[] = [...meta].map(([metric, m]) => ({ metric, type: m.type, help: m.help, unit: m.unit }));
  return { samples, metadata };
}
