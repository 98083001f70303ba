import { stringify } from 'yaml';
import type { StackConfig, VolumeConfig } from '../../config/types.js';
import type { RenderedFile } from '../types.js';

/** A Helm chart the stack installs, pinned (../shared/README.md "Charts to pin"). */
export interface PinnedChart {
  readonly name: string;
  readonly version: string;
  readonly repository: string;
  /** The repository's short name in helmfile.yaml and `helm repo add`. */
  readonly repoName: string;
}

/** Every chart srcobs installs, at the versions the vendored defaults describe. */
export const CHARTS = {
  kubePrometheusStack: { name: 'kube-prometheus-stack', version: '88.5.3', repository: 'https://prometheus-community.github.io/helm-charts', repoName: 'prometheus-community' },
  loki: { name: 'loki', version: '18.11.0', repository: 'https://grafana-community.github.io/helm-charts', repoName: 'grafana-community' },
  tempo: { name: 'tempo', version: '2.2.4', repository: 'https://grafana-community.github.io/helm-charts', repoName: 'grafana-community' },
  tempoDistributed: { name: 'tempo-distributed', version: '3.3.0', repository: 'https://grafana-community.github.io/helm-charts', repoName: 'grafana-community' },
  alloy: { name: 'alloy', version: '1.11.1', repository: 'https://grafana.github.io/helm-charts', repoName: 'grafana' },
  otelCollector: { name: 'opentelemetry-collector', version: '0.170.0', repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts', repoName: 'open-telemetry' },
} as const satisfies Record<string, PinnedChart>;

/** Where a release's values file is written in the output folder. */
export function valuesPath(release: string): string {
  return `helm/${release}.values.yaml`;
}

/** A values file for one release, with a header that says where it came from. */
export function valuesFile(chart: PinnedChart, release: string, namespace: string, values: Record<string, unknown>): RenderedFile {
  const header = [
    `# Helm values for release "${release}" (chart ${chart.name} ${chart.version}, ${chart.repository}).`,
    '# Rendered by srcobs from the stack config: edit the config and run `srcobs render`, not this file.',
    '',
  ].join('\n');
  return {
    path: valuesPath(release),
    kind: 'helm-values',
    content: header + stringify(values, { lineWidth: 0 }),
    chart: { name: chart.name, version: chart.version, repository: chart.repository, release, namespace },
  };
}

/** `storageClassName` when the config sets one; nothing (the cluster default) otherwise. */
export function storageClass(config: StackConfig): { storageClassName?: string } {
  return config.storage.storageClassName ? { storageClassName: config.storage.storageClassName } : {};
}

/** A PVC spec for a volume (prometheus-operator's `volumeClaimTemplate.spec`). */
export function pvcSpec(config: StackConfig, volume: VolumeConfig): Record<string, unknown> {
  return { ...storageClass(config), accessModes: ['ReadWriteOnce'], resources: { requests: { storage: volume.size } } };
}

/** The label Prometheus (kube-prometheus-stack) selects ServiceMonitors and rules by (E2). */
export function releaseLabel(config: StackConfig): Record<string, string> {
  return { release: config.releases.kubePrometheusStack };
}

/** Days to the hours Loki and Tempo read unambiguously (`365` -> `8760h`). */
export function daysToHours(days: number): string {
  return `${days * 24}h`;
}
