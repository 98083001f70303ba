/*
 * Log lines as Explore shows them: a level for the colour, the trace id to link, and label
 * filters added to the query by a click.
 */

/** Levels the console colours, from Grafana's log level detection. */
export type LogLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug' | 'trace' | 'unknown';

const LEVEL_WORDS: ReadonlyArray<readonly [RegExp, LogLevel]> = [
  [/^(?:crit(?:ical)?|fatal|panic|emerg(?:ency)?|alert)$/i, 'critical'],
  [/^(?:err(?:or)?|eror)$/i, 'error'],
  [/^warn(?:ing)?$/i, 'warning'],
  [/^(?:info(?:rmation)?|notice)$/i, 'info'],
  [/^(?:debug|dbug)$/i, 'debug'],
  [/^trace$/i, 'trace'],
];

/** pino writes numeric levels: 10 trace … 60 fatal. */
const PINO_LEVELS: ReadonlyArray<readonly [number, LogLevel]> = [
  [60, 'critical'],
  [50, 'error'],
  [40, 'warning'],
  [30, 'info'],
  [20, 'debug'],
  [10, 'trace'],
];

function levelWord(word: string): LogLevel | undefined {
  const n = Number(word);
  if (word !== '' && Number.isFinite(n)) return PINO_LEVELS.find(([min]) => n >= min)?.[1];
  return LEVEL_WORDS.find(([re]) => re.test(word))?.[1];
}

/**
 * The level of a line: a `level`/`severity` stream label, else a JSON or logfmt `level` field,
 * else the first level word in the line.
 */
export function logLevel(line: string, labels: Readonly<Record<string, string>> = {}): LogLevel {
  const label = labels['level'] ?? labels['detected_level'] ?? labels['severity'];
  if (label) return levelWord(label) ?? 'unknown';
  const field = /["']?(?:level|severity|lvl)["']?\s*[:=]\s*["']?([A-Za-z]+|\d+)/i.exec(line);
  if (field) {
    const level = levelWord(field[1]!);
    if (level) return level;
  }
  const word = /\b(CRIT(?:ICAL)?|FATAL|PANIC|ERROR|ERR|WARN(?:ING)?|INFO|DEBUG|TRACE)\b/.exec(line);
  return word ? (levelWord(word[1]!) ?? 'unknown') : 'unknown';
}

/** The trace id a line carries (`trace_id`, `traceId`, `traceID`, W3C `traceparent`), lowercase hex, or undefined. */
export function traceIdOf(line: string): string | undefined {
  const field = /["']?trace[_-]?id["']?\s*[:=]\s*["']?([0-9a-fA-F]{32}|[0-9a-fA-F]{16})\b/i.exec(line);
  if (field) return field[1]!.toLowerCase();
  const parent = /\b00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}\b/.exec(line);
  return parent ? parent[1] : undefined;
}

/** A LogQL string literal. */
export function logqlString(value: string): string {
  return JSON.stringify(value);
}

/** Escapes a value for a regex matcher (`=~`), as Grafana does for multi-value variables. */
export function regexEscape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Adds (or replaces) a label matcher in a query's first stream selector, as a click on a label in
 * Explore does: `{app="a"} |= "x"` plus `level="error"` gives `{app="a", level="error"} |= "x"`.
 * A query without a selector becomes one.
 */
export function addLabelMatcher(query: string, label: string, value: string, op: '=' | '!=' = '='): string {
  const matcher = `${label}${op}${logqlString(value)}`;
  const open = query.indexOf('{');
  if (open < 0) return `{${matcher}}${query.trim() ? ` ${query.trim()}` : ''}`;
  // Find the selector's closing brace, skipping braces inside quoted values.
  let close = -1;
  let quote: string | undefined;
  for (let i = open + 1; i < query.length; i++) {
    const c = query[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '}') {
      close = i;
      break;
    }
  }
  if (close < 0) return query;
  const inner = query.slice(open + 1, close);
  const parts = splitMatchers(inner).filter((m) => !new RegExp(`^${regexEscape(label)}\\s*(?:=|!=|=~|!~)`).test(m));
  parts.push(matcher);
  return `${query.slice(0, open)}{${parts.join(', ')}}${query.slice(close + 1)}`;
}

function splitMatchers(inner: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote) {
      cur += c;
      if (c === '\\') cur += inner[++i] ?? '';
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === '`') {
      quote = c;
      cur += c;
    } else if (c === ',') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * The query behind "logs for this trace": the trace's services' lines that mention its id.
 * A line filter (not `| json`) finds the id in any format, and the stream selector keeps the scan
 * to the services of the trace.
 */
export function traceLogsQuery(traceId: string, services: readonly string[]): string {
  const selector = services.length === 1 ? `{service_name=${logqlString(services[0]!)}}` : services.length > 1 ? `{service_name=~${logqlString(services.map(regexEscape).join('|'))}}` : '{service_name=~".+"}';
  return `${selector} |= ${logqlString(traceId)}`;
}
