import { olaLokiProcessStages, SOURCE_LABEL, type LogSource } from '@srcobs/ola';
import { attr, block, list, obj, ref, stage } from '../../alloy/build.js';
import type { Block } from '../../alloy/syntax/ast.js';
import type { StackConfig } from '../../config/types.js';
import { lokiPushService, serviceHost } from '../../naming.js';

/** Where the node journal lives on a systemd host (the Alloy DaemonSet mounts it). */
export const JOURNAL_PATH = '/var/log/journal';
/** How far back the journal reader starts on a fresh node: enough to cover a restart, not a flood. */
const JOURNAL_MAX_AGE = '12h';
/** What `loki.secretfilter` writes instead of a secret: the marker `@srcobs/ola` redaction uses. */
const REDACTION_MARKER = '<REDACTED:$SECRET_NAME>';

/**
 * A container ID as the Kubernetes API reports it is `<runtime>://<id>` (`containerd://4f…`).
 * The seed's `^(\\S+):\\/\\/\\.+$` escapes the dot, so it wants a literal `.` after `://` and
 * never matches (E9); `\S+?` stops at the first `://`.
 */
export const CONTAINER_RUNTIME_REGEX = '^(\\S+?)://.+$';

/** The Loki push URL for the configured Loki mode. */
export function lokiPushUrl(config: StackConfig): string {
  const { service, port } = lokiPushService(config);
  return `http://${serviceHost(service, config.namespaces.monitoring)}:${port}/loki/api/v1/push`;
}

function relabel(sourceLabels: readonly string[], targetLabel: string, extra: Readonly<Record<string, string>> = {}): Block {
  return block('rule', undefined, [
    attr('source_labels', list(sourceLabels)),
    ...Object.entries(extra).map(([name, value]) => attr(name, value)),
    attr('target_label', targetLabel),
  ]);
}

/**
 * The `loki.process` every pipeline ends in: the static `cluster` and `source` labels first (the
 * classification selectors key on `source`), then the OLA classification stages, then redaction.
 */
function classify(config: StackConfig, label: string, source: LogSource, why: string): Block {
  return block(
    'loki.process',
    label,
    [
      attr('forward_to', list([ref('loki.secretfilter.default.receiver')])),
      block('stage.static_labels', undefined, [attr('values', obj({ cluster: config.clusterName, [SOURCE_LABEL]: source }))]),
      ...olaLokiProcessStages().map(stage),
    ],
    why,
  );
}

/** Pod logs through the Kubernetes API: no DaemonSet, no hostPath, hence no `__path__` (E9). */
function podLogs(config: StackConfig): Block[] {
  return [
    block('discovery.kubernetes', 'pods', [attr('role', 'pod')], 'Pod logs, tailed through the Kubernetes API (the seed\'s choice: no hostPath needed).'),
    block(
      'discovery.relabel',
      'pod_logs',
      [
        attr('targets', ref('discovery.kubernetes.pods.targets')),
        block('rule', undefined, [
          attr('source_labels', list(['__meta_kubernetes_pod_phase'])),
          attr('regex', 'Pending|Succeeded|Failed|Unknown'),
          attr('action', 'drop'),
        ]),
        relabel(['__meta_kubernetes_namespace'], 'namespace'),
        relabel(['__meta_kubernetes_pod_name'], 'pod'),
        relabel(['__meta_kubernetes_pod_container_name'], 'container'),
        // The first non-empty of app.kubernetes.io/name and app: Helm charts set the first, older manifests the second.
        relabel(['__meta_kubernetes_pod_label_app_kubernetes_io_name', '__meta_kubernetes_pod_label_app'], 'app', { separator: ';', regex: '^;*([^;]+)(;.*)?$' }),
        // The seed's replacement "$1/$2" appended a stray "/": the joined value is all of $1.
        relabel(['__meta_kubernetes_namespace', '__meta_kubernetes_pod_container_name'], 'job', { separator: '/' }),
        relabel(['__meta_kubernetes_pod_container_id'], 'container_runtime', { regex: CONTAINER_RUNTIME_REGEX }),
      ],
      'Stream labels. No __path__ rule: loki.source.kubernetes reads through the API and ignores it (E9).',
    ),
    block('loki.source.kubernetes', 'pods', [
      attr('targets', ref('discovery.relabel.pod_logs.output')),
      attr('forward_to', list([ref('loki.process.pods.receiver')])),
      // With Alloy clustering on, each pod's log is tailed by one Alloy, not by every replica.
      block('clustering', undefined, [attr('enabled', true)]),
    ]),
    classify(config, 'pods', 'pod', 'Label and classify pod logs for the OLA (one rule set, @srcobs/ola).'),
  ];
}

function kubernetesEvents(config: StackConfig): Block[] {
  return [
    block(
      'loki.source.kubernetes_events',
      'events',
      [attr('forward_to', list([ref('loki.process.events.receiver')])), block('clustering', undefined, [attr('enabled', true)])],
      'Kubernetes events (Warnings about networking, scheduling, images) as log lines.',
    ),
    classify(config, 'events', 'kubernetes-events', 'Label and classify Kubernetes events.'),
  ];
}

function journal(config: StackConfig): Block[] {
  return [
    block(
      'loki.relabel',
      'journal',
      [
        attr('forward_to', list([])),
        // The OLA rules key on `unit` and `transport`.
        relabel(['__journal__systemd_unit'], 'unit'),
        relabel(['__journal__transport'], 'transport'),
        relabel(['__journal__hostname'], 'node'),
        relabel(['__journal_priority_keyword'], 'level'),
      ],
      'The node journal (sshd, sudo, kubelet, kernel): needs Alloy as a DaemonSet with /var/log/journal mounted.',
    ),
    block('loki.source.journal', 'journal', [
      attr('path', JOURNAL_PATH),
      attr('max_age', JOURNAL_MAX_AGE),
      attr('relabel_rules', ref('loki.relabel.journal.rules')),
      attr('forward_to', list([ref('loki.process.journal.receiver')])),
    ]),
    classify(config, 'journal', 'journal', 'Label and classify journal entries.'),
  ];
}

function apiServerAudit(config: StackConfig): Block[] {
  return [
    block(
      'local.file_match',
      'apiserver_audit',
      [attr('path_targets', list([obj({ __path__: config.logs.apiServerAudit.logPath, job: 'apiserver-audit' })]))],
      'The API server audit log, read from the control-plane node\'s disk (self-managed clusters).',
    ),
    block('loki.source.file', 'apiserver_audit', [
      attr('targets', ref('local.file_match.apiserver_audit.targets')),
      attr('forward_to', list([ref('loki.process.apiserver_audit.receiver')])),
      // A fresh Alloy starts at the end rather than re-sending months of audit history.
      attr('tail_from_end', true),
    ]),
    classify(config, 'apiserver_audit', 'apiserver-audit', 'Label and classify API server audit events.'),
  ];
}

/** Every log pipeline the config enables, ending in one secret filter and one Loki writer. */
export function logPipelines(config: StackConfig): Block[] {
  const sources = [
    ...(config.logs.podLogs ? podLogs(config) : []),
    ...(config.logs.kubernetesEvents ? kubernetesEvents(config) : []),
    ...(config.logs.journal ? journal(config) : []),
    ...(config.logs.apiServerAudit.mode === 'self-managed' ? apiServerAudit(config) : []),
  ];
  if (sources.length === 0) return [];
  return [
    ...sources,
    block(
      'loki.secretfilter',
      'default',
      [attr('forward_to', list([ref('loki.write.default.receiver')])), attr('redact_with', REDACTION_MARKER)],
      'Redact tokens, keys and passwords (gitleaks rules) before anything is stored.',
    ),
    block('loki.write', 'default', [block('endpoint', undefined, [attr('url', lokiPushUrl(config))])]),
  ];
}
