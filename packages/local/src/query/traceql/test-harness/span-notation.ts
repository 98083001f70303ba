import { createHash } from 'node:crypto';
import type { AnyValue, KeyValue, SpanEvent, SpanLink, SpanRecord } from '../../../model/spans.js';
import { NotationError } from '../../script-harness/errors.js';
import { parseTempoDuration } from '../syntax/lexical.js';

/** Every script's time zero: 2023-11-14T22:13:20Z, in nanoseconds. Offsets in scripts count from here. */
export const SCRIPT_BASE_NS = 1_700_000_000_000_000_000n;

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES = ['unset', 'ok', 'error'];
const TOKEN = /(?:[^\s"[]|"(?:[^"\\]|\\.)*"|\[[^\]]*\])+/g;

/**
 * The ids a name stands for: a name that already is a hex id of the right width is used as is
 * (so scripts can query `span:id`), any other is hashed, the same in every load of a script.
 */
export function idFor(name: string, hexDigits: 16 | 32): string {
  if (new RegExp(`^[0-9a-f]{${hexDigits}}$`).test(name)) return name;
  return createHash('sha1').update(name).digest('hex').slice(0, hexDigits);
}

/** A span's id: its name when that is 16 hex digits, else a hash of trace and name (span names repeat across traces). */
export function spanIdFor(trace: string, span: string): string {
  return /^[0-9a-f]{16}$/.test(span) ? span : idFor(`${trace}/${span}`, 16);
}

/** Parses a typed literal of the notation: `"text"`, `42`, `1.5`, `true`, `[1, 2]`. */
export function parseValue(text: string): AnyValue {
  if (text.startsWith('"')) return { stringValue: JSON.parse(text) as string };
  if (text === 'true' || text === 'false') return { boolValue: text === 'true' };
  if (/^-?\d+$/.test(text)) return { intValue: text };
  if (/^-?\d*\.\d+(e-?\d+)?$/.test(text)) return { doubleValue: Number(text) };
  if (text.startsWith('[')) {
    const inner = text.slice(1, -1).trim();
    const parts = inner === '' ? [] : (inner.match(/"(?:[^"\\]|\\.)*"|[^,\s]+/g) ?? []);
    return { arrayValue: { values: parts.map(parseValue) } };
  }
  throw new NotationError(`invalid value ${text}: quote strings ("GET"), or write a number, true/false or [a, b]`);
}

function duration(text: string, what: string): bigint {
  const ns = parseTempoDuration(text);
  if (ns === undefined) throw new NotationError(`invalid ${what} ${JSON.stringify(text)}: use a duration such as 10ms`);
  return BigInt(ns);
}

/** A span as written on one load line, before its parent's name is resolved to an id. */
export interface NotatedSpan {
  readonly trace: string;
  /** The span's own name (last path segment), unique within its trace. */
  readonly span: string;
  /** The parent's name, or undefined for a root. */
  readonly parent: string | undefined;
  readonly record: SpanRecord;
}

/** `k=v` with the key bare or JSON-quoted (`span."weird key"="x"`). */
function keyValue(key: string, value: string): KeyValue {
  return { key: key.startsWith('"') ? (JSON.parse(key) as string) : key, value: parseValue(value) };
}

/**
 * Parses one span line:
 * `<trace> <path> <service> <name> <kind> <status> <start> +<duration> [options]`, where `<path>`
 * is `root/child/span` (the last segment names the span, the one before its parent), `<name>` is
 * a bare word or a JSON string, and options are `span.k=v`, `resource.k=v`, `msg="..."`,
 * `event="name"@offset` (then `event.k=v` for its attributes), `link=trace:span` (then `link.k=v`)
 * and `scope=name@version`.
 */
export function parseSpanLine(line: string): NotatedSpan {
  const tokens = line.match(TOKEN) ?? [];
  if (tokens.length < 8) throw new NotationError('a span line is: <trace> <path> <service> <name> <kind> <status> <start> +<duration> [span.k=v ...]');
  const [trace, path, service, rawName, kind, status, start, dur] = tokens as [string, string, string, string, string, string, string, string];
  const segments = path.split('/');
  const span = segments.at(-1)!;
  const parent = segments.length > 1 ? segments.at(-2) : undefined;
  if (!KINDS.includes(kind)) throw new NotationError(`invalid kind ${kind}: use one of ${KINDS.join(', ')}`);
  if (!STATUSES.includes(status)) throw new NotationError(`invalid status ${status}: use one of ${STATUSES.join(', ')}`);
  if (!dur.startsWith('+')) throw new NotationError(`invalid duration ${dur}: write it as +10ms`);
  const name = rawName.startsWith('"') ? (JSON.parse(rawName) as string) : rawName;
  const startNs = SCRIPT_BASE_NS + duration(start, 'start offset');
  const attributes: KeyValue[] = [];
  const resource: KeyValue[] = [{ key: 'service.name', value: { stringValue: service } }];
  const events: Array<{ timeNs: bigint; name: string; attributes: KeyValue[] }> = [];
  const links: Array<{ traceId: string; spanId: string; traceState: string; attributes: KeyValue[] }> = [];
  let statusMessage = '';
  let scope = { name: 'script', version: '1.0.0' };
  for (const opt of tokens.slice(8)) {
    const eq = /^(?:[^="]|"(?:[^"\\]|\\.)*")*=/.exec(opt)?.[0].length ?? 0;
    if (eq <= 1) throw new NotationError(`invalid option ${opt}: write key=value`);
    const key = opt.slice(0, eq - 1);
    const value = opt.slice(eq);
    if (key.startsWith('span.')) attributes.push(keyValue(key.slice(5), value));
    else if (key.startsWith('resource.')) resource.push(keyValue(key.slice(9), value));
    else if (key === 'msg') statusMessage = JSON.parse(value) as string;
    else if (key === 'event') {
      const m = /^("(?:[^"\\]|\\.)*")@(\S+)$/.exec(value);
      if (!m) throw new NotationError(`invalid event ${value}: write event="name"@15ms`);
      events.push({ name: JSON.parse(m[1]!) as string, timeNs: SCRIPT_BASE_NS + duration(m[2]!, 'event offset'), attributes: [] });
    } else if (key.startsWith('event.')) {
      const last = events.at(-1);
      if (!last) throw new NotationError(`${key} needs an event= option before it`);
      last.attributes.push(keyValue(key.slice(6), value));
    } else if (key === 'link') {
      const [t, s] = value.split(':');
      if (!t || !s) throw new NotationError(`invalid link ${value}: write link=trace:span`);
      links.push({ traceId: idFor(t, 32), spanId: spanIdFor(t, s), traceState: '', attributes: [] });
    } else if (key.startsWith('link.')) {
      const last = links.at(-1);
      if (!last) throw new NotationError(`${key} needs a link= option before it`);
      last.attributes.push(keyValue(key.slice(5), value));
    } else if (key === 'scope') {
      const [n, v] = value.split('@');
      scope = { name: n ?? '', version: v ?? '' };
    } else throw new NotationError(`unknown option ${key}: use span.k=v, resource.k=v, msg=, event=, event.k=v, link=, link.k=v or scope=`);
  }
  const record: SpanRecord = {
    traceId: idFor(trace, 32),
    spanId: spanIdFor(trace, span),
    parentSpanId: parent === undefined ? '' : spanIdFor(trace, parent),
    traceState: '',
    name,
    kind: KINDS.indexOf(kind),
    startNs,
    endNs: startNs + duration(dur.slice(1), 'duration'),
    statusCode: STATUSES.indexOf(status),
    statusMessage,
    attributes,
    events: events as SpanEvent[],
    links: links as SpanLink[],
    resource,
    scope,
    serviceName: service,
  };
  return { trace, span, parent, record };
}
