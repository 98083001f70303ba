import type { AnyValue, KeyValue } from '../../../model/spans.js';
import type { TraceSearchResponse } from '../eval/search.js';

/** Maps stored ids back to the names a script used for them. */
export interface ScriptNames {
  /** 32-hex trace id -> name. */
  readonly traces: ReadonlyMap<string, string>;
  /** `<trace id>/<span id>` -> name. */
  readonly spans: ReadonlyMap<string, string>;
}

/** A value as scripts write it: strings quoted, numbers and booleans bare, arrays in brackets. */
export function renderValue(v: AnyValue): string {
  if ('stringValue' in v) return JSON.stringify(v.stringValue);
  if ('intValue' in v) return v.intValue;
  if ('doubleValue' in v) return String(v.doubleValue);
  if ('boolValue' in v) return String(v.boolValue);
  if ('arrayValue' in v) return `[${v.arrayValue.values.map(renderValue).join(', ')}]`;
  return JSON.stringify(v);
}

function renderAttributes(kvs: readonly KeyValue[], sep: string): string {
  return kvs.map((kv) => `${kv.key}=${renderValue(kv.value)}`).join(sep);
}

/**
 * Renders a search result as script lines, one per spanset in result order:
 * `t1: root db {count()=2} (matched 5)`. Span attributes (without the `service.name` every span
 * carries) are shown as `db[db.system="postgresql"]` when the eval says `expect attributes`.
 */
export function renderResult(res: TraceSearchResponse, names: ScriptNames, showAttributes: boolean): string[] {
  const lines: string[] = [];
  for (const t of res.traces) {
    const traceHex = t.traceID.padStart(32, '0');
    const trace = names.traces.get(traceHex) ?? t.traceID;
    for (const set of t.spanSets ?? [{ spans: [], matched: 0 }]) {
      const spans = set.spans.map((s) => {
        const name = names.spans.get(`${traceHex}/${s.spanID}`) ?? s.spanID;
        const attrs = (s.attributes ?? []).filter((kv) => kv.key !== 'service.name');
        return showAttributes && attrs.length > 0 ? `${name}[${renderAttributes(attrs, ',')}]` : name;
      });
      let line = `${trace}: ${spans.join(' ')}`.trimEnd();
      if (set.attributes && set.attributes.length > 0) line += ` {${renderAttributes(set.attributes, ', ')}}`;
      if (set.matched !== set.spans.length) line += ` (matched ${set.matched})`;
      lines.push(line);
    }
  }
  return lines;
}
