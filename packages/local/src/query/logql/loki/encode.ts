import type { Labels } from '../../../model/labels.js';
import { jsonString, labelsJson } from '../../promql/result-json.js';
import type { QueryStats } from '../eval/context.js';
import type { LogQLResult, LogQLValue } from '../eval/engine.js';
import type { LogStream } from '../eval/log-select.js';
import { formatFloat } from '../syntax/printer.js';

/**
 * Loki's JSON encoding of query answers (`pkg/util/marshal`): streams as `[["<ns>", "line"]]`
 * (with a third member of structured metadata and parsed labels under the categorize-labels
 * flag), vectors and matrices with `model.Time` seconds and values as Go `'f'` strings, and the
 * `stats` object whose summary Grafana shows.
 */

/** The encoding flag Grafana sends in `X-Loki-Response-Encoding-Flags`. */
export const CATEGORIZE_LABELS = 'categorize-labels';

/** `model.Time.String()`: milliseconds as seconds, shortest form (`1.5`, `1700000000`). */
export function lokiTime(ms: number): string {
  return formatFloat(ms / 1000);
}

function streamsJson(streams: readonly LogStream[], categorize: boolean): string {
  const parts: string[] = [];
  for (const s of streams) {
    const values: string[] = [];
    for (const v of s.values) {
      let entry = `["${v.tsNs}",${jsonString(v.line)}`;
      if (categorize) {
        const md = v.categorized?.metadata ?? {};
        const parsed = v.categorized?.parsed ?? {};
        const members: string[] = [];
        if (Object.keys(md).length) members.push(`"structuredMetadata":${labelsJson(md)}`);
        if (Object.keys(parsed).length) members.push(`"parsed":${labelsJson(parsed)}`);
        entry += `,{${members.join(',')}}`;
      }
      values.push(`${entry}]`);
    }
    parts.push(`{"stream":${labelsJson(s.labels)},"values":[${values.join(',')}]}`);
  }
  return `[${parts.join(',')}]`;
}

function sampleJson(metric: Labels, t: number, v: number): string {
  return `{"metric":${labelsJson(metric)},"value":[${lokiTime(t)},"${formatFloat(v)}"]}`;
}

/** The `result` member for any result type. */
export function resultJson(value: LogQLValue, categorize: boolean): string {
  switch (value.resultType) {
    case 'streams':
      return streamsJson(value.result, categorize);
    case 'vector':
      return `[${value.result.map((s) => sampleJson(s.metric, s.t, s.v)).join(',')}]`;
    case 'matrix':
      return `[${value.result.map((s) => `{"metric":${labelsJson(s.metric)},"values":[${s.points.map(([t, v]) => `[${lokiTime(t)},"${formatFloat(v)}"]`).join(',')}]}`).join(',')}]`;
    case 'scalar':
      return `[${lokiTime(value.t)},"${formatFloat(value.v)}"]`;
  }
}

const ZERO_CACHE = { entriesFound: 0, entriesRequested: 0, entriesStored: 0, bytesReceived: 0, bytesSent: 0, requests: 0, downloadTime: 0, queryLengthServed: 0 };

function storeJson(s: QueryStats): Record<string, unknown> {
  return {
    totalChunksRef: 0,
    totalChunksDownloaded: 0,
    chunksDownloadTime: 0,
    queryReferencedStructuredMetadata: s.structuredMetadataBytes > 0,
    chunk: {
      headChunkBytes: 0,
      headChunkLines: 0,
      decompressedBytes: s.bytesProcessed,
      decompressedLines: s.linesProcessed,
      compressedBytes: 0,
      totalDuplicates: 0,
      postFilterLines: s.postFilterLines,
      headChunkStructuredMetadataBytes: 0,
      decompressedStructuredMetadataBytes: s.structuredMetadataBytes,
    },
    chunkRefsFetchTime: 0,
    congestionControlLatency: 0,
    pipelineWrapperFilteredLines: 0,
  };
}

/** Loki's `stats` object: every section Loki sends, the summary and store counters filled in. */
export function statsObject(s: QueryStats, execSeconds: number): Record<string, unknown> {
  const perSecond = (n: number): number => (execSeconds > 0 ? Math.round(n / execSeconds) : 0);
  const cache = Object.fromEntries(['chunk', 'index', 'result', 'statsResult', 'volumeResult', 'seriesResult', 'labelResult', 'instantMetricResult', 'logResult', 'taskResult'].map((k) => [k, ZERO_CACHE]));
  return {
    summary: {
      bytesProcessedPerSecond: perSecond(s.bytesProcessed),
      linesProcessedPerSecond: perSecond(s.linesProcessed),
      totalBytesProcessed: s.bytesProcessed,
      totalLinesProcessed: s.linesProcessed,
      execTime: execSeconds,
      queueTime: 0,
      subqueries: 0,
      totalEntriesReturned: s.entriesReturned,
      splits: 0,
      shards: 0,
      totalPostFilterLines: s.postFilterLines,
      totalStructuredMetadataBytesProcessed: s.structuredMetadataBytes,
    },
    querier: { store: storeJson(s) },
    ingester: { totalReached: 0, totalChunksMatched: 0, totalBatches: 0, totalLinesSent: 0, store: storeJson({ ...s, linesProcessed: 0, bytesProcessed: 0, postFilterLines: 0, structuredMetadataBytes: 0 }) },
    cache,
    index: { totalChunks: 0, postFilterChunks: 0, shardsDuration: 0, usedBloomFilters: false, totalStreams: s.streams },
  };
}

/**
 * A whole `/loki/api/v1/query(_range)` answer:
 * `{"status":"success","data":{"resultType":...,"result":[...],"stats":{...}}}`.
 */
export function queryResponseJson(r: LogQLResult, categorize: boolean): string {
  const type = r.value.resultType;
  // Loki echoes the flags for every result type; only streams change shape.
  const flags = categorize ? `,"encodingFlags":[${jsonString(CATEGORIZE_LABELS)}]` : '';
  return `{"status":"success","data":{"resultType":"${type}"${flags},"result":${resultJson(r.value, categorize && type === 'streams')},"stats":${JSON.stringify(statsObject(r.stats, r.execSeconds))}}}`;
}

/** A `/tail` WebSocket message: `{"streams":[...],"dropped_entries":null}`. */
export function tailMessageJson(streams: readonly LogStream[], categorize: boolean): string {
  const flags = categorize ? `,"encodingFlags":[${jsonString(CATEGORIZE_LABELS)}]` : '';
  return `{"streams":${streamsJson(streams, categorize)},"dropped_entries":null${flags}}`;
}
