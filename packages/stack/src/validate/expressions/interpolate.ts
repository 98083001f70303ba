/**
 * Grafana variables replaced by values a parser accepts, with a map back to the original offsets
 * so a parse error points into the text the user wrote.
 */
export interface Interpolated {
  readonly text: string;
  /** `offsets[i]` is the offset in the original text of character `i` of `text` (and `text.length` maps to the original's end). */
  readonly offsets: readonly number[];
}

/** Time-range variables stand for a duration; everything else for a label value. */
const DURATION_VARIABLES = new Set(['__rate_interval', '__interval', '__range', '__auto', '__range_s', '__interval_ms']);

/** Values for the variables of data-source links: `$__tags` is a list of matchers, trace ids are hex. */
const SPECIAL: Readonly<Record<string, string>> = {
  __tags: 'job="srcobs"',
  '__trace.traceId': '0af7651916cd43dd8448eb211c80319c',
  '__span.spanId': 'b7ad6b7169203331',
  '__value.raw': 'srcobs',
};

function valueFor(name: string): string {
  const bare = name.split(':')[0] ?? name;
  if (DURATION_VARIABLES.has(bare)) return bare === '__range_s' || bare === '__interval_ms' ? '300' : '5m';
  return SPECIAL[bare] ?? 'srcobs';
}

const VARIABLE = /\$\{([^}]+)\}|\$(__[A-Za-z_.]+|[A-Za-z_][A-Za-z0-9_]*)|\[\[([A-Za-z_][A-Za-z0-9_]*)\]\]/g;

/**
 * `text` with every `$var`, `${var}`, `${var:format}` and `[[var]]` replaced. With `provisioning`,
 * `$$` (the escape Grafana's provisioning loader turns into `$`) is undone first.
 */
export function interpolate(text: string, options: { readonly provisioning?: boolean } = {}): Interpolated {
  let source = text;
  let sourceOffsets = [...Array(text.length + 1).keys()];
  if (options.provisioning) {
    const out: string[] = [];
    const map: number[] = [];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '$' && text[i + 1] === '$') i++;
      out.push(text[i] ?? '');
      map.push(i);
    }
    map.push(text.length);
    source = out.join('');
    sourceOffsets = map;
  }
  let result = '';
  const offsets: number[] = [];
  let last = 0;
  for (const match of source.matchAll(VARIABLE)) {
    const start = match.index ?? 0;
    for (let i = last; i < start; i++) {
      result += source[i];
      offsets.push(sourceOffsets[i] ?? i);
    }
    const value = valueFor(match[1] ?? match[2] ?? match[3] ?? '');
    for (const ch of value) {
      result += ch;
      offsets.push(sourceOffsets[start] ?? start);
    }
    last = start + match[0].length;
  }
  for (let i = last; i < source.length; i++) {
    result += source[i];
    offsets.push(sourceOffsets[i] ?? i);
  }
  offsets.push(text.length);
  return { text: result, offsets };
}
