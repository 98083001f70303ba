import type { StackConfig } from '../../config/types.js';
import { SRCOBS_LABELS } from '../grafana/sidecar.js';

/**
 * Labels of the objects kube-prometheus-stack's Prometheus must pick up (ServiceMonitors,
 * PodMonitors, PrometheusRules). With the chart's default `*SelectorNilUsesHelmValues: true` it
 * selects `release: <its release name>`, so the label comes from the one release name (E2).
 */
export function prometheusSelectedLabels(config: StackConfig): Record<string, string> {
  return { ...SRCOBS_LABELS, release: config.releases.kubePrometheusStack };
}
