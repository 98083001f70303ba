// The two servers the remote-write stream goes to, behind one interface: each starts empty in a
// folder of its own and says, once stopped, what its data takes on disk and in which parts.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launchPrometheus } from '../servers/prometheus.js';
import { launchSrcobsUp } from '../servers/srcobs-up.js';
import { folderBytes, prometheusBlockBytes, sqliteObjectBytes, sqliteUsedBytes } from './disk.js';

/** Bytes of the data in its compacted form, and the parts they fall into. */
export interface CompactedBytes {
  readonly bytes: number;
  readonly parts: Readonly<Record<string, number>>;
  /** The table or index with the most empty space inside its pages, when it is worth naming. */
  readonly emptiest?: string;
}

/** A server under test. */
export interface IngestServer {
  readonly url: string;
  readonly pid: number;
  /** Called after the stream and the count, before the stop. */
  beforeStop?(): Promise<void>;
  stop(): Promise<unknown>;
  /** After the stop: every file of the data folder. */
  folderBytes(): Promise<number>;
  /** After the stop: the data compacted (srcobs' database pages in use, Prometheus' snapshot block). */
  compacted(): Promise<CompactedBytes>;
}

/** Asks Prometheus to write its head (every sample of the stream) into a block: the compacted form of the same data. */
async function snapshot(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/admin/tsdb/snapshot`, { method: 'POST', signal: AbortSignal.timeout(120_000) });
  const body = (await res.json()) as { data?: { name?: string } };
  if (!res.ok || !body.data?.name) throw new Error(`prometheus snapshot: HTTP ${res.status}`);
  return body.data.name;
}

/** Prometheus with the remote-write receiver and the admin API (for the snapshot), ready. */
export async function startPrometheusServer(binary: string, dir: string): Promise<IngestServer> {
  const p = await launchPrometheus(binary, dir, { remoteWrite: true, adminApi: true });
  await p.ready;
  let snapshotDir: string | undefined;
  return {
    url: p.url,
    pid: p.pid,
    beforeStop: async () => void (snapshotDir = join(p.dataDir, 'snapshots', await snapshot(p.url))),
    stop: () => p.stop(),
    folderBytes: () => folderBytes(p.dataDir, ['snapshots']),
    async compacted() {
      if (!snapshotDir) throw new Error('no snapshot was taken');
      const { index, chunks } = await prometheusBlockBytes(snapshotDir);
      const bytes = await folderBytes(snapshotDir);
      return { bytes, parts: { index, chunks, other: bytes - index - chunks } };
    },
  };
}

/** Which part of the store each SQLite table or index belongs to. */
const SQLITE_PARTS: Readonly<Record<string, string>> = {
  series: 'label index',
  series_postings: 'label index',
  metric_head: 'chunks',
  metric_chunks: 'chunks',
  metric_chunks_series: 'chunks',
};

/** `srcobs up --no-playground` in `dir`, up; `nodeArgs` for a profiled run. */
export async function startSrcobsServer(dir: string, nodeArgs: readonly string[] = []): Promise<IngestServer> {
  await mkdir(dir, { recursive: true });
  const up = await launchSrcobsUp({ cwd: dir, playground: false, nodeArgs });
  await up.up;
  const dataDir = join(dir, '.srcobs', 'data');
  const database = join(dataDir, 'srcobs.db');
  return {
    url: up.httpUrl,
    pid: up.pid,
    stop: () => up.stop(),
    folderBytes: () => folderBytes(dataDir),
    async compacted() {
      // Records by part, and apart from them the empty space inside the pages in use (page
      // headers and the like go with "other", so the parts add up to the pages in use).
      const parts: Record<string, number> = { 'label index': 0, chunks: 0, 'empty space inside pages': 0, other: 0 };
      let emptiest = { name: '', share: 0 };
      for (const [name, o] of sqliteObjectBytes(database)) {
        parts[SQLITE_PARTS[name] ?? 'other']! += o.payload;
        parts['empty space inside pages']! += o.unused;
        parts['other']! += o.pages - o.payload - o.unused;
        if (o.pages > 64 * 1024 && o.unused / o.pages > emptiest.share) emptiest = { name, share: o.unused / o.pages };
      }
      const bytes = await sqliteUsedBytes(database);
      parts['other']! += bytes - Object.values(parts).reduce((a, b) => a + b, 0);
      return { bytes, parts, ...(emptiest.name ? { emptiest: `${emptiest.name}'s pages are ${Math.round(emptiest.share * 100)} % empty` } : {}) };
    },
  };
}
