import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SHARED_DIR } from '@srcobs/testkit';
import { createOtlpDecoder, type ReceivedLogRecord, type ReceivedSpan } from './otlp-decode.js';

/** How the receiver answers: like a healthy collector, or like one in trouble. */
export type ReceiverMode = 'accept' | 'error-500' | 'throttle-429' | 'hang';

/** An OTLP/HTTP protobuf endpoint on loopback that keeps what it receives, for tests. */
export interface OtlpReceiver {
  /** Base URL, as `OTEL_EXPORTER_OTLP_ENDPOINT` (`/v1/traces` and `/v1/logs` are served). */
  readonly url: string;
  /** Every span accepted so far, in arrival order. */
  spans(): readonly ReceivedSpan[];
  /** Every log record accepted so far. */
  logs(): readonly ReceivedLogRecord[];
  /** Export requests received in any mode (a refused or hung one counts too). */
  requests(): number;
  /** Changes how the next requests are answered. */
  setMode(mode: ReceiverMode): void;
  /** Resolves once `predicate` holds for the spans received, or rejects after `timeoutMs`. */
  waitForSpans(predicate: (spans: readonly ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<readonly ReceivedSpan[]>;
  /** Stops listening and drops every connection, hung ones included. */
  close(): Promise<void>;
}

/** Options of {@link startOtlpReceiver}. */
export interface OtlpReceiverOptions {
  readonly mode?: ReceiverMode;
  /** Port on 127.0.0.1 (default: any free one). */
  readonly port?: number;
  /** Folder holding `opentelemetry/proto/...` (default `shared/proto`). */
  readonly protoRoot?: string;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts a receiver that decodes real OTLP/HTTP protobuf with the `.proto` definitions (not the
 * SDK's own serializer), so a test sees exactly what a collector would.
 *
 * @example
 * ```ts
 * const receiver = await startOtlpReceiver();
 * t.after(() => receiver.close());
 * // start the service with OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url, then:
 * const spans = await receiver.waitForSpans((s) => s.some((x) => x.name === 'GET /fast'));
 * ```
 */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const decoder = createOtlpDecoder(options.protoRoot ?? join(SHARED_DIR, 'proto'));
  let mode: ReceiverMode = options.mode ?? 'accept';
  let requests = 0;
  const spans: ReceivedSpan[] = [];
  const logs: ReceivedLogRecord[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();

  const answer = (res: ServerResponse, status: number, body: Uint8Array | string, type: string): void => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      requests++;
      if (req.method !== 'POST' || (req.url !== '/v1/traces' && req.url !== '/v1/logs')) {
        answer(res, 404, 'not an OTLP path\n', 'text/plain');
        return;
      }
      const raw = await readBody(req);
      if (mode === 'hang') return;
      if (mode === 'error-500') return answer(res, 500, 'collector failure\n', 'text/plain');
      if (mode === 'throttle-429') return answer(res, 429, 'slow down\n', 'text/plain');
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      try {
        if (req.url === '/v1/traces') spans.push(...decoder.decodeTraces(body));
        else logs.push(...decoder.decodeLogs(body));
      } catch (error) {
        return answer(res, 400, `cannot decode: ${String(error)}\n`, 'text/plain');
      }
      answer(res, 200, decoder.emptyResponse, 'application/x-protobuf');
      for (const wake of waiters) wake();
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('OTLP receiver has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    spans: () => spans,
    logs: () => logs,
    requests: () => requests,
    setMode(next) {
      mode = next;
    },
    waitForSpans(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!predicate(spans)) return;
          cleanup();
          resolve(spans);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for spans; received ${spans.length}: ${spans.map((s) => `${s.serviceName}:${s.name}`).join(', ')}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
