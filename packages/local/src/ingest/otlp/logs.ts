import type { LogBatch, LogEntry, LogStreamInput } from '../../model/logs.js';
import { prometheusLabelName } from './metric-names.js';
import type { Conversion, PbExportLogsRequest, PbKeyValue } from './otlp-types.js';
import { UNKNOWN_SERVICE } from './traces.js';
import { anyValueToString, bytesToHex, isAllZero, isZero64, toUint64 } from './values.js';

/**
 * Resource attributes that become stream labels: Loki 3's default
 * `distributor.otlp_config.default_resource_attributes_as_index_labels`. Everything else goes to
 * structured metadata, as Loki does, so stream cardinality stays bounded.
 */
export const OTLP_INDEX_LABEL_ATTRIBUTES: readonly string[] = [
  'service.name',
  'service.namespace',
  'service.instance.id',
  'deployment.environment',
  'deployment.environment.name',
  'cloud.region',
  'cloud.availability_zone',
  'k8s.cluster.name',
  'k8s.namespace.name',
  'k8s.pod.name',
  'k8s.container.name',
  'container.name',
  'k8s.replicaset.name',
  'k8s.deployment.name',
  'k8s.statefulset.name',
  'k8s.daemonset.name',
  'k8s.cronjob.name',
  'k8s.job.name',
];
const INDEXED = new Set(OTLP_INDEX_LABEL_ATTRIBUTES);

const LEVELS_BY_SEVERITY = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const LEVEL_ALIASES: Readonly<Record<string, string>> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  information: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  fatal: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
};

/** The `level` label: from the severity number's range (OTLP's 1-24), else from the severity text. */
export function levelOf(severityNumber: number | undefined, severityText: string | undefined): string | undefined {
  if (severityNumber && severityNumber >= 1 && severityNumber <= 24) return LEVELS_BY_SEVERITY[Math.floor((severityNumber - 1) / 4)];
  if (severityText) return LEVEL_ALIASES[severityText.trim().toLowerCase()];
  return undefined;
}

function putMetadata(into: Record<string, string>, attrs: readonly PbKeyValue[] | null | undefined): void {
  for (const kv of attrs ?? []) {
    const name = prometheusLabelName(kv.key);
    if (name !== '') into[name] = anyValueToString(kv.value);
  }
}

/**
 * Converts an ExportLogsServiceRequest into log streams the way Loki's OTLP endpoint does by
 * default: the resource attributes in {@link OTLP_INDEX_LABEL_ATTRIBUTES} (names with `.` -> `_`)
 * plus `level` are the stream labels (`service_name` is always there, `unknown_service` when not
 * sent); the body is the line (non-string bodies as JSON); log attributes, the other resource
 * attributes, scope name/version, severity and trace/span ids become structured metadata. The
 * `source` and `ola_category` labels are the ingest pipeline's job, not this function's.
 */
export function convertLogs(req: PbExportLogsRequest, nowNs: bigint = BigInt(Date.now()) * 1_000_000n): Conversion<LogBatch> {
  const out: LogStreamInput[] = [];
  let accepted = 0;
  for (const rl of req.resourceLogs ?? []) {
    // Within a resource the stream labels differ only by level: one stream per level.
    const byLevel = new Map<string, { labels: Record<string, string>; entries: LogEntry[] }>();
    const base: Record<string, string> = {};
    const resourceMeta: Record<string, string> = {};
    for (const kv of rl.resource?.attributes ?? []) {
      const name = prometheusLabelName(kv.key);
      if (name === '') continue;
      const value = anyValueToString(kv.value);
      if (INDEXED.has(kv.key)) {
        if (value !== '') base[name] = value;
      } else resourceMeta[name] = value;
    }
    base['service_name'] ??= UNKNOWN_SERVICE;
    for (const sl of rl.scopeLogs ?? []) {
      const scopeMeta: Record<string, string> = { ...resourceMeta };
      if (sl.scope?.name) scopeMeta['scope_name'] = sl.scope.name;
      if (sl.scope?.version) scopeMeta['scope_version'] = sl.scope.version;
      putMetadata(scopeMeta, sl.scope?.attributes);
      for (const rec of sl.logRecords ?? []) {
        const level = levelOf(rec.severityNumber, rec.severityText) ?? '';
        let stream = byLevel.get(level);
        if (!stream) {
          const labels: Record<string, string> = level ? { ...base, level } : { ...base };
          byLevel.set(level, (stream = { labels, entries: [] }));
          out.push(stream);
        }
        const metadata: Record<string, string> = { ...scopeMeta };
        putMetadata(metadata, rec.attributes);
        if (rec.severityNumber) metadata['severity_number'] = String(rec.severityNumber);
        if (rec.severityText) metadata['severity_text'] = rec.severityText;
        if (rec.traceId && rec.traceId.length > 0 && !isAllZero(rec.traceId)) metadata['trace_id'] = bytesToHex(rec.traceId);
        if (rec.spanId && rec.spanId.length > 0 && !isAllZero(rec.spanId)) metadata['span_id'] = bytesToHex(rec.spanId);
        if (rec.flags) metadata['flags'] = String(rec.flags);
        const tsNs = !isZero64(rec.timeUnixNano) ? toUint64(rec.timeUnixNano) : !isZero64(rec.observedTimeUnixNano) ? toUint64(rec.observedTimeUnixNano) : nowNs;
        const line = rec.body ? anyValueToString(rec.body) : '';
        stream.entries.push({ tsNs, line, metadata });
        accepted++;
      }
    }
  }
  return { batch: { streams: out }, accepted, rejected: 0, errors: [] };
}
