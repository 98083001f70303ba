import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { StackConfig } from '../../config/types.js';
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../../naming.js';
import { SRCOBS_LABELS } from '../grafana/sidecar.js';

/** Grafana's container port (the chart's `service.targetPort`). */
const GRAFANA_CONTAINER_PORT = 3000;
/** The prometheus-operator's admission-webhook port (`prometheusOperator.tls.internalPort`). */
const OPERATOR_WEBHOOK_PORT = 10250;
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function policy(config: StackConfig, name: string, spec: INetworkPolicy['spec']): INetworkPolicy {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: config.namespaces.monitoring, labels: { ...SRCOBS_LABELS } }, spec };
}

/** The pods that receive the applications' OTLP: the Collector or Alloy, whichever the one trace path uses (E11). */
function otlpReceiverPods(config: StackConfig): Record<string, string> {
  return config.tracesPath === 'collector'
    ? { 'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/instance': config.releases.otelCollector }
    : { 'app.kubernetes.io/name': 'alloy', 'app.kubernetes.io/instance': config.releases.alloy };
}

/**
 * Ingress to the monitoring namespace is denied unless it must happen: the components talk among
 * themselves; the monitored services' namespaces send OTLP to the trace receiver; Grafana is
 * reachable on its port (from any namespace, because where the Gateway's proxies run depends on
 * the Gateway controller: Envoy Gateway runs them in its own namespace); the API server reaches
 * the operator's admission webhook. Prometheus scraping the services is egress and stays open.
 *
 * Kubelet probes come from the node, which most CNIs allow regardless; on a CNI that does not,
 * add a rule for the node CIDR.
 */
export function networkPolicyObjects(config: StackConfig): INetworkPolicy[] {
  const sources = [...new Set(config.services.map((s) => s.namespace))].filter((ns) => ns !== config.namespaces.monitoring).sort();
  const policies: INetworkPolicy[] = [
    policy(config, 'srcobs-default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
    policy(config, 'srcobs-allow-same-namespace', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] }),
    policy(config, 'srcobs-allow-grafana', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': config.releases.kubePrometheusStack } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: GRAFANA_CONTAINER_PORT }] }],
    }),
    policy(config, 'srcobs-allow-operator-webhook', {
      podSelector: { matchLabels: { app: 'kube-prometheus-stack-operator', release: config.releases.kubePrometheusStack } },
      policyTypes: ['Ingress'],
      // The API server is not a pod: no `from`, the port alone is the rule.
      ingress: [{ ports: [{ protocol: 'TCP', port: OPERATOR_WEBHOOK_PORT }] }],
    }),
  ];
  if (sources.length > 0) {
    policies.push(
      policy(config, 'srcobs-allow-otlp-from-services', {
        podSelector: { matchLabels: otlpReceiverPods(config) },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: sources } ] } }],
            ports: [
              { protocol: 'TCP', port: OTLP_GRPC_PORT },
              { protocol: 'TCP', port: OTLP_HTTP_PORT },
            ],
          },
        ],
      }),
    );
  }
  return policies;
}
