import { TraceQLBadRequestError } from '../eval/errors.js';

/**
 * A trace id from a URL, as Tempo's `HexStringToTraceID` reads it: hex digits in either case,
 * leading zeros optional (search results drop them), padded to 32 digits. Too long or not hex
 * is a 400 with Tempo's message.
 */
export function parseTraceIdParam(id: string): string {
  for (let i = 0; i < id.length; i++) {
    if (!/[0-9a-fA-F]/.test(id[i]!)) throw new TraceQLBadRequestError(`trace IDs can only contain hex characters: invalid character '${id[i]}' at position ${i + 1}`);
  }
  if (id === '') throw new TraceQLBadRequestError('please provide a traceID');
  const even = id.length % 2 === 1 ? `0${id}` : id;
  if (even.length > 32) throw new TraceQLBadRequestError("trace IDs can't be larger than 128 bits");
  return even.toLowerCase().padStart(32, '0');
}
