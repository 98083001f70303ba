import { request } from 'node:http';

/** A response as tests look at it: status, lowercase headers, raw body. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  text(): string;
}

/**
 * POSTs (or any method) with node:http rather than fetch, so tests control every header,
 * including a Content-Length that does not match the body, and see exactly what the server sent.
 */
export async function send(url: string, options: { method?: string; headers?: Record<string, string | number>; body?: Uint8Array | string } = {}): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    // A fresh connection per request: a refused upload leaves its connection unusable, as it should.
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: () => body.toString('utf8') });
      });
      res.on('error', reject);
    });
    // The server may answer and close before the whole body is sent (413, 429): that is the point.
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') return reject(e);
      setTimeout(() => reject(new Error(`connection closed with no answer: ${e.message}`)), 3_000).unref();
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
