import type { StackConfig } from '../../config/types.js';
import { CHARTS, valuesPath } from './charts.js';
import type { PinnedChart } from './charts.js';

/** One Helm release of the stack, in install order. */
export interface HelmRelease {
  readonly name: string;
  readonly namespace: string;
  readonly chart: PinnedChart;
  /** The values file, relative to the output folder. */
  readonly values: string;
  /** Releases that must be installed first (by name). */
  readonly needs: readonly string[];
}

/**
 * The releases the config asks for, in dependency order: kube-prometheus-stack first (it installs
 * the ServiceMonitor and PrometheusRule CRDs every other chart's ServiceMonitor needs), then the
 * stores (Loki, Tempo), then what writes to them (the Collector, Alloy).
 */
export function helmReleases(config: StackConfig): HelmRelease[] {
  const ns = config.namespaces.monitoring;
  const r = config.releases;
  const release = (name: string, chart: PinnedChart, needs: readonly string[]): HelmRelease => ({ name, namespace: ns, chart, values: valuesPath(name), needs });
  const tempoChart = config.tempo.mode === 'monolithic' ? CHARTS.tempo : CHARTS.tempoDistributed;
  const writers = config.tracesPath === 'collector' ? [release(r.otelCollector, CHARTS.otelCollector, [r.kubePrometheusStack, r.tempo])] : [];
  return [
    release(r.kubePrometheusStack, CHARTS.kubePrometheusStack, []),
    release(r.loki, CHARTS.loki, [r.kubePrometheusStack]),
    release(r.tempo, tempoChart, [r.kubePrometheusStack]),
    ...writers,
    release(r.alloy, CHARTS.alloy, [r.kubePrometheusStack, r.loki, r.tempo]),
  ];
}
