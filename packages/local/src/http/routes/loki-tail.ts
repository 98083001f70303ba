import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { labelsKey } from '../../model/labels.js';
import type { LogStream } from '../../query/logql/eval/log-select.js';
import { LogQLBadRequestError } from '../../query/logql/eval/errors.js';
import type { LokiTailJobParams, TailJobResult } from '../../query/logql/jobs.js';
import { CATEGORIZE_LABELS, tailMessageJson } from '../../query/logql/loki/encode.js';
import { parseLogQL } from '../../query/logql/syntax/parser.js';
import type { QueryRunner } from '../../query/runner/runner.js';
import { describeError } from '../errors.js';
import type { Route } from '../router.js';
import { DEFAULT_SINCE_NS, limitParam, parseLokiTime } from './loki-params.js';

/** How often a tail looks for new lines. */
const POLL_INTERVAL_MS = 1_000;
/** Loki's cap on `delay_for`, in seconds. */
const MAX_DELAY_FOR_SECONDS = 5;

/** Options of {@link createLokiTail}. */
export interface LokiTailOptions {
  readonly runner: QueryRunner;
  /** Per-poll query time limit (ms). */
  readonly timeoutMs: number;
  readonly now?: () => number;
  /** How often to look for new lines (ms). Default 1s. */
  readonly pollIntervalMs?: number;
}

/** The `/loki/api/v1/tail` WebSocket route and a way to end every open tail. */
export interface LokiTail {
  readonly route: Route;
  /** Closes every open tail connection (the server is stopping). */
  close(): void;
}

function refuse(socket: Duplex, status: number, message: string): void {
  socket.end(`HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Error'}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
}

/**
 * Live tailing as Loki's `/loki/api/v1/tail` does it for Grafana: a WebSocket that first sends
 * the last `limit` lines since `start` (default an hour ago), then every new line as it arrives,
 * oldest first, in messages shaped `{"streams":[...],"dropped_entries":null}`. The local stack
 * polls the store (every second, `delay_for` seconds behind) instead of receiving pushes from
 * ingesters, so a line arriving later with an older timestamp than ones already sent is missed.
 */
export function createLokiTail(options: LokiTailOptions): LokiTail {
  const wss = new WebSocketServer({ noServer: true });
  const now = options.now ?? Date.now;
  const pollMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;

  const serve = (ws: WebSocket, query: string, limit: number, startNs: bigint, delayNs: bigint, categorize: boolean): void => {
    let fromNs = startNs;
    /** Lines already sent at `fromNs`: the next poll starts there again (more may share that timestamp). */
    let sentAtFrom = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    let first = true;
    const poll = async (): Promise<void> => {
      const endNs = BigInt(now()) * 1_000_000n - delayNs;
      if (endNs <= fromNs) return schedule();
      const params: LokiTailJobParams = { query, startNs: fromNs.toString(), endNs: endNs.toString(), limit, categorize };
      let streams: readonly LogStream[];
      try {
        // The first answer is the newest `limit` lines since start, as Loki's historic tail batch.
        streams = first
          ? (await options.runner.run<TailJobResult>('logql.tail_last', params as unknown as Record<string, unknown>, { timeoutMs: options.timeoutMs })).streams
          : (await options.runner.run<TailJobResult>('logql.tail', params as unknown as Record<string, unknown>, { timeoutMs: options.timeoutMs })).streams;
      } catch (error) {
        if (closed) return;
        ws.close(1011, describeError(error).message.slice(0, 120));
        return;
      }
      first = false;
      if (closed) return;
      let maxNs = fromNs;
      const fresh: LogStream[] = [];
      for (const s of streams) {
        const key = labelsKey(s.labels);
        const values = s.values.filter((v) => !(v.tsNs === fromNs && sentAtFrom.has(`${key}\u0000${v.line}`)));
        for (const v of values) if (v.tsNs > maxNs) maxNs = v.tsNs;
        if (values.length) fresh.push({ labels: s.labels, values });
      }
      if (fresh.length) {
        const next = maxNs === fromNs ? sentAtFrom : new Set<string>();
        for (const s of fresh) for (const v of s.values) if (v.tsNs === maxNs) next.add(`${labelsKey(s.labels)}\u0000${v.line}`);
        sentAtFrom = next;
        fromNs = maxNs;
        ws.send(tailMessageJson(fresh, categorize));
      }
      schedule();
    };
    const schedule = (): void => {
      if (closed) return;
      timer = setTimeout(() => void poll(), pollMs);
    };
    ws.on('close', () => {
      closed = true;
      clearTimeout(timer);
    });
    ws.on('error', () => ws.terminate());
    void poll();
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void => {
    const q = url.searchParams;
    let query: string;
    let limit: number;
    let startNs: bigint;
    let delayNs: bigint;
    try {
      query = q.get('query') ?? '';
      const expr = parseLogQL(query);
      if (expr.kind !== 'log') throw new LogQLBadRequestError('tail needs a log query (a selector and a pipeline), not a metric query');
      limit = limitParam(q);
      const nowNs = BigInt(now()) * 1_000_000n;
      startNs = parseLokiTime(q.get('start'), nowNs - DEFAULT_SINCE_NS, 'start');
      const delay = Number(q.get('delay_for') ?? '0');
      if (!Number.isInteger(delay) || delay < 0) throw new LogQLBadRequestError(`invalid delay_for ${JSON.stringify(q.get('delay_for'))}: use whole seconds`);
      if (delay > MAX_DELAY_FOR_SECONDS) throw new LogQLBadRequestError(`delay_for can't be greater than ${MAX_DELAY_FOR_SECONDS}`);
      delayNs = BigInt(delay) * 1_000_000_000n;
    } catch (error) {
      const info = describeError(error);
      refuse(socket, info.status, info.message);
      return;
    }
    const categorize = String(req.headers['x-loki-response-encoding-flags'] ?? '')
      .split(',')
      .map((f) => f.trim())
      .includes(CATEGORIZE_LABELS);
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, query, limit, startNs, delayNs, categorize));
  };

  return {
    route: { method: 'GET', path: '/loki/api/v1/tail', name: '/loki/api/v1/tail', upgrade, handler: () => ({ status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'this endpoint needs a WebSocket connection (Connection: Upgrade)' }) },
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
