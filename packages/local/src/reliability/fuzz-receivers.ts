import fc from 'fast-check';
import { ALL_OR_NOTHING_SIGNALS, WIRE_SIGNALS, wireRequest, type WireClock, type WireRequest, type WireSignal } from './wire-items.js';

/**
 * Mistakes made on the way to a receiver, applied to a numbered batch so that the test knows
 * exactly which items a refused request must not have left behind: a body cut short, the wrong
 * Content-Type or Content-Encoding, one poisoned stream or series, another method, junk in the
 * query string. (Random bytes and bit flips on every endpoint are src/ingest/bad-input.test.ts.)
 */

export type Mutation = 'none' | 'truncate' | 'content-type' | 'encoding' | 'poison' | 'method' | 'query-junk' | 'empty';

/** One generated case. */
export interface ReceiverCase {
  readonly signal: WireSignal;
  readonly mutation: Mutation;
  readonly cut: number;
  readonly contentType: string;
  readonly encoding: string;
  readonly method: string;
  readonly junk: string;
}

/** Mutations after which the request is still exactly the numbered batch: it must be stored whole. */
export const INTACT: ReadonlySet<Mutation> = new Set(['none', 'query-junk']);

export const receiverCase: fc.Arbitrary<ReceiverCase> = fc.record({
  signal: fc.constantFrom(...WIRE_SIGNALS),
  mutation: fc.constantFrom<Mutation>('none', 'truncate', 'truncate', 'content-type', 'encoding', 'poison', 'poison', 'method', 'query-junk', 'empty'),
  cut: fc.nat(),
  contentType: fc.constantFrom('text/plain', 'application/json', 'application/x-www-form-urlencoded', 'application/grpc', 'image/png'),
  encoding: fc.constantFrom('gzip', 'br', 'zstd', 'deflate', 'snappy', 'x-unknown'),
  method: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH'),
  junk: fc.string({ maxLength: 30 }),
});

/** The request of a case: batch `id` of the case's signal with its mutation applied. */
export function mutatedRequest(c: ReceiverCase, clock: WireClock, id: number): { method: string; wire: WireRequest; query: string } {
  const poisoned = c.mutation === 'poison' && ALL_OR_NOTHING_SIGNALS.includes(c.signal);
  const wire = wireRequest(c.signal, clock, id, 0, poisoned);
  const with_ = (over: Partial<WireRequest>): WireRequest => ({ ...wire, ...over });
  switch (c.mutation) {
    case 'truncate':
      // Never the whole body: a cut of 0..length-1 bytes.
      return { method: 'POST', wire: with_({ body: wire.body.subarray(0, c.cut % wire.body.length) }), query: '' };
    case 'content-type':
      return { method: 'POST', wire: with_({ headers: { ...wire.headers, 'content-type': c.contentType } }), query: '' };
    case 'encoding':
    {
      // Loki reads "Content-Encoding: snappy" as the format its protobuf body already has: not a mistake there.
      const harmless = wire.headers['content-encoding'] === c.encoding || (c.signal === 'loki-push' && c.encoding === 'snappy');
      return { method: 'POST', wire: with_({ headers: { ...wire.headers, 'content-encoding': harmless ? 'x-unknown' : c.encoding } }), query: '' };
    }
    case 'method':
      return { method: c.method, wire, query: '' };
    case 'query-junk':
      return { method: 'POST', wire, query: `?${new URLSearchParams({ [c.junk || 'x']: c.junk })}` };
    case 'empty':
      return { method: 'POST', wire: with_({ body: new Uint8Array(0) }), query: '' };
    default:
      return { method: 'POST', wire, query: '' };
  }
}
