/**
 * A label set: name to value. For metrics it includes `__name__`. Empty values are the same as an
 * absent label, as in Prometheus and Loki, and stores never keep them.
 */
export type Labels = Readonly<Record<string, string>>;

/** A label matcher as PromQL, LogQL and the store use it. Regex values are fully anchored. */
export interface LabelMatcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** Valid label names, as Prometheus and Loki accept them. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Valid metric names (colons are allowed for recording rules). */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A canonical string for a label set: the same set always gives the same key, whatever the order. */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let key = '';
  for (const name of names) {
    const value = labels[name]!;
    if (value === '') continue;
    key += `${name}\u0000${value}\u0001`;
  }
  return key;
}

/** The label set with its names sorted and empty values dropped (a fresh object). */
export function normalizeLabels(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) {
    const value = labels[name]!;
    if (value !== '') out[name] = value;
  }
  return out;
}

/** Prometheus/Loki text form, `{a="1", b="2"}` (metric name in front when present). */
export function formatLabels(labels: Labels): string {
  const { __name__: name, ...rest } = labels;
  const inner = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`)
    .join(', ');
  return `${name ?? ''}{${inner}}`;
}

/**
 * Compiles a Prometheus/Loki (RE2) regex for a fully anchored matcher in JavaScript. RE2's leading
 * inline flags (`(?i)`, `(?s)`, `(?is)`) become JS flags; `.` matches newlines, as Prometheus'
 * `(?s:...)` wrapping does. Throws a SyntaxError for what JavaScript cannot compile.
 */
export function compileAnchoredRegex(pattern: string): RegExp {
  let flags = 's';
  let body = pattern;
  const inline = /^\(\?([is]+)\)/.exec(body);
  if (inline) {
    if (inline[1]!.includes('i')) flags += 'i';
    body = body.slice(inline[0].length);
  }
  return new RegExp(`^(?:${body})$`, flags);
}

/** A matcher compiled once for testing many values. */
export type CompiledMatcher = (value: string) => boolean;

/** Compiles one matcher; an absent label is tested as the empty string. */
export function compileMatcher(m: LabelMatcher): CompiledMatcher {
  switch (m.op) {
    case '=':
      return (v) => v === m.value;
    case '!=':
      return (v) => v !== m.value;
    case '=~': {
      const re = compileAnchoredRegex(m.value);
      return (v) => re.test(v);
    }
    case '!~': {
      const re = compileAnchoredRegex(m.value);
      return (v) => !re.test(v);
    }
  }
}

/** A predicate over label sets that holds when every matcher does. */
export function compileMatchers(matchers: readonly LabelMatcher[]): (labels: Labels) => boolean {
  const compiled = matchers.map((m) => [m.name, compileMatcher(m)] as const);
  return (labels) => compiled.every(([name, test]) => test(labels[name] ?? ''));
}
