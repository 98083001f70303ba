// Ingest throughput through the local stack's receivers over loopback HTTP: the receivers alone
// (a store that acknowledges at once) side by side with receivers plus the SQLite store.
// `npm run bench -- receiver-ingest [--quick]`, or alone: `node bench/dist/receiver-ingest.js [--quick]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSqliteStore, encodeLokiPush, encodeOtlpRequest, encodeRemoteWrite, startLocalStack, type Store } from '@srcobs/local';
import type { BenchContext, BenchResult, Benchmark, Measurement } from './harness/types.js';

/** Requests in flight at once, as concurrent exporters or remote-write shards send them. */
const IN_FLIGHT = 4;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** A store that acknowledges every append at once: what is left is the receivers' own cost. */
function sinkStore(): Store {
  const none = (): never => {
    throw new Error('the sink store keeps nothing');
  };
  return {
    appendMetrics: async () => {},
    appendLogs: async () => {},
    appendSpans: async () => {},
    metrics: { select: none, series: none, labelNames: none, labelValues: none, exemplars: none, metadata: none },
    logs: { streams: none, entries: none, labelNames: none, labelValues: none },
    traces: { trace: none, findTraceIds: none, tagNames: none, tagValues: none },
    stats: () => ({ series: 0, streams: 0, spans: 0, bytesOnDisk: 0 }),
    close: async () => {},
  };
}

interface Workload {
  readonly name: string;
  readonly unit: string;
  readonly goal: number;
  readonly path: string;
  readonly port: 'http' | 'otlpHttp';
  readonly headers: Record<string, string>;
  readonly itemsPerBody: number;
  body(k: number): Uint8Array;
}

const T0_NS = BigInt(Date.now() - 600_000) * 1_000_000n;
const LINE = (i: number): string => `level=info ts=2026-01-01T00:00:00Z msg="request done" route=/api/items/${i % 100} status=200 duration_ms=${i % 37} user=u${i % 1000}`;
const PROTO = { 'content-type': 'application/x-protobuf' };

const WORKLOADS: readonly Workload[] = [
  {
    name: 'remote write',
    unit: 'samples/s',
    goal: 200_000,
    path: '/api/v1/write',
    port: 'http',
    headers: { ...PROTO, 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
    itemsPerBody: 2000,
    body: (k) =>
      encodeRemoteWrite({
        series: Array.from({ length: 200 }, (_, s) => ({
          labels: { __name__: 'http_requests_total', job: 'api', instance: `10.0.0.${s % 10}:3000`, route: `/r${s}` },
          samples: Array.from({ length: 10 }, (_, i) => ({ t: Date.now() - 600_000 + (k * 10 + i) * 15, v: k * 10 + i })),
        })),
      }),
  },
  {
    name: 'OTLP metrics',
    unit: 'samples/s',
    goal: 200_000,
    path: '/v1/metrics',
    port: 'otlpHttp',
    headers: PROTO,
    itemsPerBody: 2000,
    body: (k) =>
      encodeOtlpRequest('metrics', {
        resourceMetrics: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
            scopeMetrics: [
              {
                metrics: Array.from({ length: 20 }, (_, m) => ({
                  name: `http.server.requests.m${m}`,
                  sum: {
                    aggregationTemporality: 2,
                    isMonotonic: true,
                    dataPoints: Array.from({ length: 100 }, (_, i) => ({ attributes: [{ key: 'http.route', value: { stringValue: `/r${i}` } }], timeUnixNano: String(T0_NS + BigInt(k) * 15_000_000_000n), asDouble: k * i })),
                  },
                })),
              },
            ],
          },
        ],
      }),
  },
  {
    name: 'Loki push',
    unit: 'lines/s',
    goal: 50_000,
    path: '/loki/api/v1/push',
    port: 'http',
    headers: PROTO,
    itemsPerBody: 1000,
    body: (k) => encodeLokiPush([{ labels: `{app="api", namespace="playground", pod="api-${k % 5}"}`, entries: Array.from({ length: 1000 }, (_, i) => ({ tsNs: T0_NS + BigInt(k * 1000 + i), line: LINE(i) })) }]),
  },
  {
    name: 'OTLP logs',
    unit: 'lines/s',
    goal: 50_000,
    path: '/v1/logs',
    port: 'otlpHttp',
    headers: PROTO,
    itemsPerBody: 1000,
    body: (k) =>
      encodeOtlpRequest('logs', {
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
            scopeLogs: [{ logRecords: Array.from({ length: 1000 }, (_, i) => ({ timeUnixNano: String(T0_NS + BigInt(k * 1000 + i)), severityNumber: 9, body: { stringValue: LINE(i) } })) }],
          },
        ],
      }),
  },
  {
    name: 'OTLP traces',
    unit: 'spans/s',
    goal: 30_000,
    path: '/v1/traces',
    port: 'otlpHttp',
    headers: PROTO,
    itemsPerBody: 512,
    body: (k) =>
      encodeOtlpRequest('traces', {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: `svc${k % 3}` } }] },
            scopeSpans: [
              {
                spans: Array.from({ length: 512 }, (_, i) => ({
                  traceId: (k * 1000 + (i >> 2) + 1).toString(16).padStart(32, '0'),
                  spanId: (k * 1000 + i + 1).toString(16).padStart(16, '0'),
                  name: 'GET /api/items/:id',
                  kind: 2,
                  startTimeUnixNano: String(T0_NS + BigInt(i) * 1000n),
                  endTimeUnixNano: String(T0_NS + BigInt(i) * 1000n + 5_000_000n),
                  attributes: [
                    { key: 'http.route', value: { stringValue: '/api/items/:id' } },
                    { key: 'http.status_code', value: { intValue: '200' } },
                    { key: 'user.id', value: { stringValue: `u${i % 1000}` } },
                  ],
                })),
              },
            ],
          },
        ],
      }),
  },
];

function post(agent: Agent, url: string, headers: Record<string, string>, body: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends every body with IN_FLIGHT concurrent clients; items per second and cores busy. */
async function drive(agent: Agent, url: string, w: Workload, bodies: readonly Uint8Array[]): Promise<{ rate: number; cores: number }> {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < bodies.length) await post(agent, url, w.headers, bodies[next++]!);
  }));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { rate: (bodies.length * w.itemsPerBody) / seconds, cores: (used.user + used.system) / 1e6 / seconds };
}

/** Runs the benchmark; `quick` sends a tenth of the data. */
export async function run(context: Partial<BenchContext> = {}): Promise<BenchResult> {
  const quick = context.quick ?? false;
  const progress = context.progress ?? ((m: string) => process.stderr.write(`  receiver-ingest: ${m}\n`));
  const workDir = context.workDir ?? (await mkdtemp(join(tmpdir(), 'srcobs-bench-receivers-')));
  const requests = quick ? 30 : 300;
  const measurements: Measurement[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  try {
    for (const w of WORKLOADS) {
      progress(`encoding ${requests} ${w.name} requests`);
      const bodies = Array.from({ length: requests }, (_, k) => w.body(k));
      const rates: Record<'sink' | 'sqlite', { rate: number; cores: number }> = { sink: { rate: 0, cores: 0 }, sqlite: { rate: 0, cores: 0 } };
      for (const mode of ['sink', 'sqlite'] as const) {
        progress(`${w.name} into the ${mode} store`);
        const store = mode === 'sink' ? sinkStore() : await createSqliteStore({ dataDir: join(workDir, w.name.replace(/\W/g, '-')), logger: quiet, retention: { intervalMs: 3_600_000 } });
        const stack = await startLocalStack({ store, ports: { http: 0, otlpHttp: 0, otlpGrpc: false }, scrape: { targets: [] }, log: () => {}, limits: { logRateBytesPerSecond: 1e12, logBurstBytes: 1e12 } });
        try {
          rates[mode] = await drive(agent, `${stack.urls[w.port]}${w.path}`, w, bodies);
        } finally {
          await stack.stop();
          await store.close();
        }
      }
      measurements.push(
        { name: `${w.name} into SQLite`, unit: w.unit, value: rates.sqlite.rate, baseline: { label: 'receivers alone', value: rates.sink.rate }, goal: { op: '>=', value: w.goal, subject: 'value' }, note: `${rates.sqlite.cores.toFixed(2)} cores busy` },
        { name: `${w.name}, receivers alone`, unit: w.unit, value: rates.sink.rate, note: `${rates.sink.cores.toFixed(2)} cores busy (client included)` },
      );
    }
  } finally {
    agent.destroy();
    if (!context.workDir) await rm(workDir, { recursive: true, force: true });
  }
  return {
    benchmark: 'receiver-ingest',
    measurements,
    notes: [
      `${requests} pre-encoded requests per workload over loopback HTTP keep-alive, ${IN_FLIGHT} in flight; the load generator runs in the same process (its CPU is counted in "cores busy")`,
      'remote write: 200 series x 10 samples per request; OTLP metrics: 20 cumulative sums x 100 points; Loki push: 1,000 logfmt lines per request (snappy protobuf); OTLP logs: 1,000 records; OTLP traces: 512 spans with 3 attributes',
      '"receivers alone" acknowledges without storing: decode, validation, conversion, log pipeline (redaction, OLA classification) and HTTP; "into SQLite" adds the durable store (acknowledged after commit)',
    ],
  };
}

export const receiverIngest: Benchmark = {
  name: 'receiver-ingest',
  description: 'ingest throughput through the receivers over HTTP, alone and with the SQLite store',
  run,
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ quick: process.argv.includes('--quick') });
  for (const m of result.measurements) process.stdout.write(`${m.name}: ${m.value.toFixed(0)} ${m.unit}${m.goal ? ` (goal ${m.goal.op} ${m.goal.value})` : ''}${m.note ? ` — ${m.note}` : ''}\n`);
}
