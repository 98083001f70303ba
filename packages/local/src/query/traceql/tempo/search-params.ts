import { TraceQLBadRequestError } from '../eval/errors.js';
import type { TraceSearchRequest } from '../eval/engine.js';
import { formatGoDuration, parseTempoDuration } from '../syntax/lexical.js';

/** Parameters that are never tags in the legacy `?key=value` form. */
const RESERVED = new Set(['tags', 'minDuration', 'maxDuration', 'limit', 'start', 'end', 'q', 'spss']);
const GO_DURATION = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^0$/;

/**
 * Decodes `tags` as go-logfmt does: `key=value key="quoted value" flag`, each key once.
 * Throws Tempo's `invalid tags: ...` messages.
 */
export function parseLogfmtTags(text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const keyStart = i;
    while (i < text.length && !/[\s="]/.test(text[i]!)) i++;
    const key = text.slice(keyStart, i);
    if (key === '') throw new TraceQLBadRequestError(`invalid tags: unexpected '${text[i]}' at pos ${i + 1}`);
    let value = '';
    if (text[i] === '=') {
      i++;
      if (text[i] === '"') {
        let end = i + 1;
        while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
        if (end >= text.length) throw new TraceQLBadRequestError(`invalid tags: unterminated quoted value at pos ${text.length + 1}`);
        value = JSON.parse(text.slice(i, end + 1)) as string;
        i = end + 1;
      } else {
        const vStart = i;
        while (i < text.length && !/\s/.test(text[i]!)) {
          if (text[i] === '=' || text[i] === '"') throw new TraceQLBadRequestError(`invalid tags: unexpected '${text[i]}' at pos ${i + 1}`);
          i++;
        }
        value = text.slice(vStart, i);
      }
    }
    if (key in tags) throw new TraceQLBadRequestError(`invalid tags: tag ${key} has been set twice`);
    tags[key] = value;
  }
  return tags;
}

function seconds(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  if (!/^[-+]?\d+$/.test(v)) throw new TraceQLBadRequestError(`invalid ${name}: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

function positiveInt(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  if (!/^[-+]?\d+$/.test(v)) throw new TraceQLBadRequestError(`invalid ${name}: strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax`);
  const n = Number(v);
  if (n <= 0) throw new TraceQLBadRequestError(`invalid ${name}: must be a positive number`);
  return n;
}

function goDuration(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  const ns = GO_DURATION.test(v) ? parseTempoDuration(v.replace(/^\+/, '')) : undefined;
  if (ns === undefined) throw new TraceQLBadRequestError(`invalid ${name}: time: invalid duration ${JSON.stringify(v)}`);
  return ns;
}

/** The `[startNs, endNs)` window of `start`/`end` (unix seconds, end inclusive), checked as Tempo checks it. */
export function timeWindow(params: URLSearchParams, maxRangeMs: number): { startNs?: bigint; endNs?: bigint } {
  const start = seconds(params, 'start');
  const end = seconds(params, 'end');
  if (start === undefined && end === undefined) return {};
  const s = start ?? 0;
  const e = end ?? Math.floor(Date.now() / 1000);
  if (e <= s) throw new TraceQLBadRequestError(`http parameter start must be before end. received start=${s} end=${e}`);
  if (maxRangeMs > 0 && (e - s) * 1000 > maxRangeMs) {
    throw new TraceQLBadRequestError(`range specified by start and end exceeds ${formatGoDuration(maxRangeMs * 1e6)}. received start=${s} end=${e}`);
  }
  return { startNs: BigInt(s) * 1_000_000_000n, endNs: (BigInt(e) + 1n) * 1_000_000_000n };
}

/**
 * Reads `/api/search`'s parameters as Tempo's `ParseSearchRequest`: `q` (TraceQL) or `tags`
 * (logfmt; or, without `tags`, `start` and `end`, any other parameter as a tag), `minDuration`,
 * `maxDuration` (Go durations, on the trace), `limit`, `spss`, `start` and `end` (unix seconds).
 */
export function parseSearchParams(params: URLSearchParams, maxRangeMs: number): TraceSearchRequest {
  const window = timeWindow(params, maxRangeMs);
  let tags: Record<string, string> = {};
  const encoded = params.get('tags');
  if (encoded !== null && encoded !== '') tags = parseLogfmtTags(encoded);
  else if (window.startNs === undefined) {
    for (const [k, v] of params) if (!RESERVED.has(k) && v !== '' && !(k in tags)) tags[k] = v;
  }
  const minDurationNs = goDuration(params, 'minDuration');
  const maxDurationNs = goDuration(params, 'maxDuration');
  if (minDurationNs !== undefined && maxDurationNs !== undefined && minDurationNs > maxDurationNs) throw new TraceQLBadRequestError('invalid maxDuration: must be greater than minDuration');
  const q = params.get('q') ?? undefined;
  return {
    ...(q !== undefined && q.trim() !== '' ? { q } : {}),
    tags,
    ...window,
    limit: positiveInt(params, 'limit'),
    spss: positiveInt(params, 'spss'),
    minDurationNs,
    maxDurationNs,
  };
}
