import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** Encodings `readBody` undoes; snappy is left to the protocols that use it as a body format. */
const DECODABLE = new Set(['gzip', 'x-gzip', 'deflate', 'identity', '']);

/** Options for {@link readBody}. */
export interface ReadBodyOptions {
  /** Largest body accepted, compressed and after decompression. */
  readonly maxBytes: number;
  /** Undo Content-Encoding gzip/deflate (default true). */
  readonly decode?: boolean;
  /** Called with every chunk's size as it arrives and with the decompressed size; returning false aborts (overload). */
  readonly onBytes?: (bytes: number) => boolean;
  /** Thrown when `onBytes` refuses. */
  readonly overloadError?: () => Error;
}

/** The request's Content-Encoding, lowercased ('' when absent). */
export function contentEncoding(req: IncomingMessage): string {
  return String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
}

/**
 * Reads a request body with a hard limit. A declared Content-Length over the limit is refused
 * before a byte is read; a body that grows past it is refused as soon as it does; a gzip body is
 * inflated by zlib with `maxOutputLength`, which stops inflating at the limit, so a zip bomb costs
 * at most `maxBytes` of memory, never its full size.
 */
export async function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const { maxBytes } = options;
  const encoding = contentEncoding(req);
  const decode = options.decode ?? true;
  if (decode && !DECODABLE.has(encoding)) {
    throw new UnsupportedMediaTypeError(`Content-Encoding ${JSON.stringify(encoding)} is not supported here: send gzip, deflate or no encoding`);
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new PayloadTooLargeError(maxBytes);

  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      // Stop reading: the rest of an oversized body is never buffered.
      req.pause();
      req.removeListener('data', onData);
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) return fail(new PayloadTooLargeError(maxBytes));
      if (options.onBytes && !options.onBytes(chunk.length)) return fail(options.overloadError?.() ?? new PayloadTooLargeError(maxBytes));
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => !failed && resolve());
    req.once('error', (e) => fail(new BadRequestError(`the request body could not be read: ${e.message}`, { cause: e })));
    req.once('aborted', () => fail(new BadRequestError('the client aborted the request body')));
    // A connection that closes mid-body must not leave the read (and its admission ticket) hanging.
    req.once('close', () => !req.complete && fail(new BadRequestError('the connection closed before the request body was complete')));
  });
  const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  if (!decode || encoding === '' || encoding === 'identity') return raw;
  let out: Buffer;
  try {
    out = encoding === 'deflate' ? await inflateAsync(raw, { maxOutputLength: maxBytes }) : await gunzipAsync(raw, { maxOutputLength: maxBytes });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || cause instanceof RangeError) throw new PayloadTooLargeError(maxBytes);
    throw new BadRequestError(`the ${encoding} body could not be decompressed: ${(cause as Error).message}`, { cause });
  }
  if (options.onBytes && !options.onBytes(Math.max(0, out.length - raw.length))) throw options.overloadError?.() ?? new PayloadTooLargeError(maxBytes);
  return out;
}
