import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { wireRequest, type WireClock, type WireSignal } from './wire-items.js';

/** The answer to one request, or the network error that replaced it. */
export interface SendResult {
  /** 0 when the connection failed (refused, reset by a kill). */
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly body: string;
}

/** Base URLs of a stack, as its ready line prints them. */
export interface StackUrls {
  readonly http?: string | undefined;
  readonly otlpHttp?: string | undefined;
}

const AGENT = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs one body; never rejects (a dead server is status 0). */
export function post(url: string, headers: Record<string, string>, body: Uint8Array, timeoutMs = 30_000): Promise<SendResult> {
  return sendRequest('POST', url, headers, body, timeoutMs);
}

/** Sends one request of any method; never rejects (a dead server, or none within `timeoutMs`, is status 0). */
export function sendRequest(method: string, url: string, headers: Record<string, string>, body: Uint8Array | string | undefined, timeoutMs = 30_000): Promise<SendResult> {
  return new Promise((resolve) => {
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = request(url, { method, agent: AGENT, headers: { ...headers, ...length }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, retryAfter: undefined, body: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    let failure: Error | undefined;
    req.on('error', (e: NodeJS.ErrnoException) => {
      failure = e;
      // A server that refuses early (429, 413) answers and closes while the body is still being
      // sent: the upload fails, but the answer may still arrive and is what counts. 'close' says
      // when nothing more can come.
      if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') resolve({ status: 0, retryAfter: undefined, body: e.message });
    });
    req.on('close', () => setImmediate(() => resolve({ status: 0, retryAfter: undefined, body: failure?.message ?? 'the connection closed without an answer' })));
    req.end(body);
  });
}

/** What one signal's sender saw. */
export interface SenderLedger {
  readonly signal: WireSignal;
  /** Batch ids answered 2xx: the stack promised to keep them. */
  readonly acked: number[];
  /** Batch ids answered 4xx/5xx: the stack refused them, so none of their items may be stored. */
  readonly refused: number[];
  /** Answers by status (0: no answer). */
  readonly statuses: Map<number, number>;
  /** The first few refusals of each status, to show why. */
  readonly samples: Map<number, SendResult>;
}

/** Shared between rounds so that ids never repeat across restarts. */
export interface SenderState {
  readonly clock: WireClock;
  readonly next: Map<WireSignal, number>;
  readonly ledgers: Map<WireSignal, SenderLedger>;
}

/** A fresh state: items start `ageMs` before now. */
export function createSenderState(signals: readonly WireSignal[], ageMs = 10 * 60_000): SenderState {
  const ledgers = new Map<WireSignal, SenderLedger>();
  for (const signal of signals) ledgers.set(signal, { signal, acked: [], refused: [], statuses: new Map(), samples: new Map() });
  return { clock: { baseMs: Date.now() - ageMs }, next: new Map(signals.map((s) => [s, 0])), ledgers };
}

/** Running senders; `stop()` resolves once every lane has its last answer. */
export interface Senders {
  stop(): Promise<void>;
}

/** Options of {@link startSenders}. */
export interface SenderOptions {
  /** Requests in flight per signal (each lane sends one at a time). Default 3. */
  readonly lanes?: number;
  /** Pause between a lane's requests (ms). Default 0: as fast as the stack answers. */
  readonly pauseMs?: number;
  /** Stop a lane after a request that got no answer (the stack was killed). Default true. */
  readonly stopOnNetworkError?: boolean;
}

/**
 * Sustained ingest: for every signal, `lanes` loops that send numbered batches as fast as the stack
 * acknowledges them, writing each answer into the signal's ledger.
 */
export function startSenders(urls: StackUrls, state: SenderState, options: SenderOptions = {}): Senders {
  let stopped = false;
  const lane = async (ledger: SenderLedger, laneNo: number): Promise<void> => {
    while (!stopped) {
      const id = state.next.get(ledger.signal)!;
      state.next.set(ledger.signal, id + 1);
      const wire = wireRequest(ledger.signal, state.clock, id, laneNo);
      const base = wire.port === 'http' ? urls.http : urls.otlpHttp;
      const result = await post(`${base}${wire.path}`, wire.headers, wire.body);
      ledger.statuses.set(result.status, (ledger.statuses.get(result.status) ?? 0) + 1);
      if (result.status >= 200 && result.status < 300) ledger.acked.push(id);
      else {
        if (result.status >= 400) ledger.refused.push(id);
        if (!ledger.samples.has(result.status)) ledger.samples.set(result.status, result);
        if (result.status === 0 && (options.stopOnNetworkError ?? true)) return;
        const wait = result.retryAfter ? Number(result.retryAfter) * 1000 : 50;
        await sleep(Math.min(wait, 1000));
      }
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  };
  const running = [...state.ledgers.values()].flatMap((ledger) => Array.from({ length: options.lanes ?? 3 }, (_, i) => lane(ledger, i)));
  return {
    async stop() {
      stopped = true;
      await Promise.all(running);
    },
  };
}

/** One line per signal: acknowledged, refused, and answers by status. */
export function describeLedgers(state: SenderState): string {
  return [...state.ledgers.values()]
    .map((l) => `${l.signal}: ${l.acked.length} acked, ${l.refused.length} refused (${[...l.statuses].map(([s, n]) => `${s || 'no answer'}: ${n}`).join(', ')})`)
    .join('\n');
}
