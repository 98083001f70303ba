import type Long from 'long';
import { BadRequestError } from '../../http/errors.js';
import { protoTypes } from '../proto.js';
import { snappyDecode } from '../snappy.js';
import { parseStreamLabels } from './stream-labels.js';

/** One pushed entry before validation. */
export interface PushedEntry {
  readonly tsNs: bigint;
  readonly line: string;
  readonly metadata?: Record<string, string>;
}

/** One pushed stream before validation: labels in the order sent (duplicates still possible). */
export interface PushedStream {
  /** The label text as sent (protobuf) or rebuilt from the JSON object, for error messages. */
  readonly labelText: string;
  readonly labels: ReadonlyArray<readonly [string, string]>;
  readonly entries: readonly PushedEntry[];
}

interface PbPushRequest {
  readonly streams?: ReadonlyArray<{
    readonly labels?: string;
    readonly entries?: ReadonlyArray<{
      readonly timestamp?: { readonly seconds?: Long | number; readonly nanos?: number } | null;
      readonly line?: string;
      readonly structuredMetadata?: ReadonlyArray<{ readonly name?: string; readonly value?: string }>;
    }>;
  }>;
}

function longToBigInt(v: Long | number | undefined): bigint {
  if (v === undefined) return 0n;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0));
}

/**
 * Decodes a Loki push in its protobuf form: a raw snappy block (always, as Loki's
 * `util.ParseProtoReader(..., RawSnappy)` expects) holding a `logproto.PushRequest`.
 */
export function decodePushProtobuf(body: Uint8Array, maxBytes: number): PushedStream[] {
  const raw = snappyDecode(body, maxBytes);
  let req: PbPushRequest;
  try {
    req = protoTypes().lokiPushRequest.decode(raw) as unknown as PbPushRequest;
  } catch (cause) {
    throw new BadRequestError(`cannot decode the push request protobuf (logproto.PushRequest): ${(cause as Error).message}`, { cause });
  }
  return (req.streams ?? []).map((s) => {
    const labelText = s.labels ?? '';
    return {
      labelText,
      labels: parseStreamLabels(labelText),
      entries: (s.entries ?? []).map((e) => {
        const ts = e.timestamp ? longToBigInt(e.timestamp.seconds) * 1_000_000_000n + BigInt(e.timestamp.nanos ?? 0) : 0n;
        const md = e.structuredMetadata ?? [];
        return { tsNs: ts, line: e.line ?? '', ...(md.length > 0 ? { metadata: Object.fromEntries(md.map((p) => [p.name ?? '', p.value ?? ''])) } : {}) };
      }),
    };
  });
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const NS_RE = /^-?[0-9]{1,20}$/;

function jsonTimestamp(v: unknown, where: string): bigint {
  if (typeof v === 'string' && NS_RE.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw new BadRequestError(`${where}: the timestamp must be a string of Unix nanoseconds, got ${JSON.stringify(v)?.slice(0, 60)}`);
}

function jsonStringMap(v: unknown, where: string): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BadRequestError(`${where} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') throw new BadRequestError(`${where}.${k} must be a string, got ${JSON.stringify(val)?.slice(0, 60)}`);
    out[k] = val;
  }
  return out;
}

/**
 * Decodes a Loki push in its JSON form:
 * `{"streams":[{"stream":{"app":"api"},"values":[["<unix ns>","line"],["<unix ns>","line",{"trace_id":"..."}]]}]}`.
 */
export function decodePushJson(body: Uint8Array): PushedStream[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(STRICT_UTF8.decode(body));
  } catch (cause) {
    throw new BadRequestError(`the push body is not valid UTF-8 JSON: ${(cause as Error).message}`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { streams?: unknown }).streams)) {
    throw new BadRequestError('the push body must be {"streams":[{"stream":{...labels},"values":[["<unix ns>","<line>"]]}]}');
  }
  return ((parsed as { streams: unknown[] }).streams).map((s, i) => {
    const where = `streams[${i}]`;
    if (typeof s !== 'object' || s === null) throw new BadRequestError(`${where} must be an object`);
    const { stream, values } = s as { stream?: unknown; values?: unknown };
    const labels = Object.entries(jsonStringMap(stream ?? {}, `${where}.stream`));
    if (!Array.isArray(values)) throw new BadRequestError(`${where}.values must be an array of [timestamp, line] pairs`);
    const entries = values.map((v, j): PushedEntry => {
      const at = `${where}.values[${j}]`;
      if (!Array.isArray(v) || v.length < 2 || v.length > 3) throw new BadRequestError(`${at} must be ["<unix ns>", "<line>"] or ["<unix ns>", "<line>", {metadata}]`);
      if (typeof v[1] !== 'string') throw new BadRequestError(`${at}: the line must be a string`);
      const tsNs = jsonTimestamp(v[0], at);
      return v.length === 3 ? { tsNs, line: v[1], metadata: jsonStringMap(v[2], `${at}[2]`) } : { tsNs, line: v[1] };
    });
    return { labelText: `{${labels.map(([k, val]) => `${k}=${JSON.stringify(val)}`).join(', ')}}`, labels, entries };
  });
}
