import { stringify } from 'yaml';
import type { AlloyFile } from '../alloy/syntax/ast.js';
import { printAlloy } from '../alloy/syntax/printer.js';
import type { StackConfig } from '../config/types.js';
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../naming.js';
import { JOURNAL_PATH, logPipelines } from './alloy/logs.js';
import { tracePipeline } from './alloy/traces.js';
import { renderCollectorConfig } from './collector.js';
import type { RenderedFile } from './types.js';

/** Where the Alloy config is written in the rendered stack. */
export const ALLOY_CONFIG_PATH = 'alloy/config.alloy';
/** Where the OpenTelemetry Collector config is written when `tracesPath` is `collector`. */
export const COLLECTOR_CONFIG_PATH = 'collector/config.yaml';

/** The file's opening comment: what it is, and which pipelines this config turned on. */
function header(config: StackConfig): string[] {
  const sources = [
    config.logs.podLogs && 'pod logs',
    config.logs.kubernetesEvents && 'Kubernetes events',
    config.logs.journal && 'the node journal',
    config.logs.apiServerAudit.mode === 'self-managed' && 'the API server audit log',
  ].filter((s): s is string => typeof s === 'string');
  const traces = config.tracesPath === 'collector' ? 'OTLP traces from the Collector' : 'OTLP traces from the apps';
  return [
    '// Rendered by srcobs from srcobs.config: edit the config and re-render, not this file.',
    ...(sources.length > 0 ? [`// Logs: ${sources.join(', ')} -> OLA classification -> secret redaction -> Loki.`] : []),
    `// Traces: ${traces} -> Tempo; span metrics and the service graph -> Prometheus.`,
    // The parser keeps every comment above a statement as that statement's, so `//` separates the header.
    '//',
  ];
}

/** The Alloy configuration as a syntax tree (for callers that inspect it rather than print it). */
export function buildAlloyConfig(config: StackConfig): AlloyFile {
  const blocks = [...logPipelines(config), ...tracePipeline(config)];
  const [first, ...rest] = blocks;
  if (!first) return { kind: 'file', body: [] };
  return { kind: 'file', body: [{ ...first, comments: [...header(config), ...(first.comments ?? [])] }, ...rest] };
}

/**
 * The Alloy configuration text (Alloy syntax) for the config: what the alloy chart's
 * `alloy.configMap.content` carries, and what `alloy/config.alloy` holds.
 *
 * @example
 * ```ts
 * const text = renderAlloyConfig(defaultConfig());
 * // discovery.kubernetes "pods" { role = "pod" } ... loki.write "default" { endpoint { url = "http://loki.monitoring.svc:3100/loki/api/v1/push" } }
 * ```
 */
export function renderAlloyConfig(config: StackConfig): string {
  return printAlloy(buildAlloyConfig(config));
}

/**
 * Renderer for the Alloy config file, and the Collector config file when the Collector is on the
 * trace path, so `validateAlloy` checks them on their own (S1 embeds the same text and object in
 * the alloy and opentelemetry-collector chart values).
 */
export function renderAlloyFiles(config: StackConfig): RenderedFile[] {
  const files: RenderedFile[] = [{ path: ALLOY_CONFIG_PATH, kind: 'alloy', content: renderAlloyConfig(config) }];
  if (config.tracesPath === 'collector') {
    const header = '# The opentelemetry-collector chart\'s `config:` value, merged over the chart\'s defaults (null removes a default).\n';
    files.push({ path: COLLECTOR_CONFIG_PATH, kind: 'collector', content: header + stringify(renderCollectorConfig(config)) });
  }
  return files;
}

/** What the Alloy chart must provide for the rendered config to run (for the Helm values renderer). */
export interface AlloyDeploymentNeeds {
  /** Run one Alloy per node: the journal and the audit log are node-local files. */
  readonly daemonSet: boolean;
  /** Host folders to mount read-only into the Alloy pods. */
  readonly hostPaths: readonly string[];
  /** Schedule on control-plane nodes too (the audit log is written there). */
  readonly controlPlaneTolerations: boolean;
  /**
   * `alloy.clustering.enabled`: pod logs and events are read through the API, and clustering makes
   * one Alloy of several read each (the components opt in with `clustering { enabled = true }`).
   */
  readonly clustering: true;
  /** Extra Service ports (`alloy.extraPorts`) for the OTLP receiver. */
  readonly extraPorts: ReadonlyArray<{ readonly name: string; readonly port: number; readonly targetPort: number; readonly protocol: 'TCP' }>;
}

/** What the rendered Alloy config needs from its Deployment or DaemonSet. */
export function alloyDeploymentNeeds(config: StackConfig): AlloyDeploymentNeeds {
  const audit = config.logs.apiServerAudit.mode === 'self-managed';
  const auditDir = config.logs.apiServerAudit.logPath.replace(/\/[^/]*$/, '') || '/';
  return {
    daemonSet: config.logs.journal || audit,
    hostPaths: [...(config.logs.journal ? [JOURNAL_PATH] : []), ...(audit ? [auditDir] : [])],
    controlPlaneTolerations: audit,
    clustering: true,
    extraPorts: [
      { name: 'otlp-grpc', port: OTLP_GRPC_PORT, targetPort: OTLP_GRPC_PORT, protocol: 'TCP' },
      { name: 'otlp-http', port: OTLP_HTTP_PORT, targetPort: OTLP_HTTP_PORT, protocol: 'TCP' },
    ],
  };
}
