import type { AnyValue, KeyValue } from '../../model/spans.js';
import type { Int64, PbAnyValue, PbKeyValue } from './otlp-types.js';

const TWO_32 = 4294967296;

function isLong(v: unknown): v is { low: number; high: number; unsigned: boolean } {
  return typeof v === 'object' && v !== null && 'low' in v && 'high' in v;
}

/** An OTLP `fixed64` (nanosecond timestamps, counts) as an exact unsigned bigint. */
export function toUint64(v: Int64 | null | undefined): bigint {
  if (v === null || v === undefined) return 0n;
  if (isLong(v)) return (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return BigInt.asUintN(64, BigInt(v));
}

/** A signed 64-bit integer as a decimal string (OTLP/JSON's form for `intValue`). */
export function int64ToString(v: Int64 | null | undefined): string {
  if (v === null || v === undefined) return '0';
  if (isLong(v)) return BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0)).toString();
  if (typeof v === 'number') return String(Math.trunc(v));
  return BigInt.asIntN(64, BigInt(v)).toString();
}

/** A signed 64-bit integer as a float64 (nearest value beyond 2^53), as Prometheus converts `as_int`. */
export function int64ToNumber(v: Int64 | null | undefined): number {
  if (v === null || v === undefined) return 0;
  if (isLong(v)) return v.unsigned ? (v.high >>> 0) * TWO_32 + (v.low >>> 0) : v.high * TWO_32 + (v.low >>> 0);
  return Number(v);
}

/** An unsigned 64-bit count as a float64. */
export function uint64ToNumber(v: Int64 | null | undefined): number {
  if (v === null || v === undefined) return 0;
  if (isLong(v)) return (v.high >>> 0) * TWO_32 + (v.low >>> 0);
  return Number(v);
}

/**
 * Nanoseconds (fixed64) to milliseconds, floored, exactly, without a bigint per data point:
 * `high * 2^32 + low` with `2^32 = 4294 * 10^6 + 967296`, so
 * `ms = high * 4294 + floor((high * 967296 + low) / 10^6)`, where every term stays below 2^53.
 */
export function nanosToMillis(v: Int64 | null | undefined): number {
  if (v === null || v === undefined) return 0;
  if (isLong(v)) {
    const high = v.high >>> 0;
    return high * 4294 + Math.floor((high * 967296 + (v.low >>> 0)) / 1e6);
  }
  return Number(toUint64(v) / 1_000_000n);
}

/** True for a zero 64-bit value (an absent OTLP timestamp). */
export function isZero64(v: Int64 | null | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (isLong(v)) return v.low === 0 && v.high === 0;
  return Number(v) === 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Bytes as lowercase hex (trace and span ids). */
export function bytesToHex(bytes: Uint8Array | null | undefined): string {
  if (!bytes) return '';
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** True when every byte is zero (an absent id in OTLP). */
export function isAllZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** An OTLP AnyValue in the model's (OTLP/JSON-shaped) form. */
export function toModelAnyValue(v: PbAnyValue | null | undefined): AnyValue {
  if (!v) return {};
  switch (v.value) {
    case 'stringValue':
      return { stringValue: v.stringValue ?? '' };
    case 'boolValue':
      return { boolValue: v.boolValue ?? false };
    case 'intValue':
      return { intValue: int64ToString(v.intValue) };
    case 'doubleValue':
      return { doubleValue: v.doubleValue ?? 0 };
    case 'bytesValue':
      return { bytesValue: Buffer.from(v.bytesValue ?? new Uint8Array()).toString('base64') };
    case 'arrayValue':
      return { arrayValue: { values: (v.arrayValue?.values ?? []).map(toModelAnyValue) } };
    case 'kvlistValue':
      return { kvlistValue: { values: toModelAttributes(v.kvlistValue?.values) } };
    default:
      return {};
  }
}

/** OTLP attributes in the model's form. */
export function toModelAttributes(kvs: readonly PbKeyValue[] | null | undefined): KeyValue[] {
  if (!kvs || kvs.length === 0) return [];
  const out: KeyValue[] = new Array(kvs.length);
  for (let i = 0; i < kvs.length; i++) out[i] = { key: kvs[i]!.key, value: toModelAnyValue(kvs[i]!.value) };
  return out;
}

function toPlain(v: PbAnyValue | null | undefined): unknown {
  if (!v) return null;
  switch (v.value) {
    case 'stringValue':
      return v.stringValue ?? '';
    case 'boolValue':
      return v.boolValue ?? false;
    case 'intValue': {
      const n = int64ToNumber(v.intValue);
      return Number.isSafeInteger(n) ? n : int64ToString(v.intValue);
    }
    case 'doubleValue':
      return v.doubleValue ?? 0;
    case 'bytesValue':
      return Buffer.from(v.bytesValue ?? new Uint8Array()).toString('base64');
    case 'arrayValue':
      return (v.arrayValue?.values ?? []).map(toPlain);
    case 'kvlistValue':
      return Object.fromEntries((v.kvlistValue?.values ?? []).map((kv) => [kv.key, toPlain(kv.value)]));
    default:
      return null;
  }
}

/**
 * An attribute value as one string, the way the Collector's `pcommon.Value.AsString()` does it and
 * so the way Prometheus' and Loki's OTLP receivers write label values: strings as they are, numbers
 * as JavaScript prints them (pdata formats doubles "as by ES6 number to string"), booleans as
 * `true`/`false`, bytes in base64, arrays and maps as JSON.
 */
export function anyValueToString(v: PbAnyValue | null | undefined): string {
  if (!v) return '';
  switch (v.value) {
    case 'stringValue':
      return v.stringValue ?? '';
    case 'boolValue':
      return v.boolValue ? 'true' : 'false';
    case 'intValue':
      return int64ToString(v.intValue);
    case 'doubleValue':
      return String(v.doubleValue ?? 0);
    case 'bytesValue':
      return Buffer.from(v.bytesValue ?? new Uint8Array()).toString('base64');
    case 'arrayValue':
    case 'kvlistValue':
      return JSON.stringify(toPlain(v));
    default:
      return '';
  }
}

/** The string value of one attribute, or undefined when absent. */
export function attributeString(kvs: readonly PbKeyValue[] | null | undefined, key: string): string | undefined {
  if (!kvs) return undefined;
  for (const kv of kvs) if (kv.key === key) return anyValueToString(kv.value);
  return undefined;
}
