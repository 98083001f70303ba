import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { ServiceConfig, StackConfig } from '../../config/types.js';
import { appOtlpEndpoint, serviceHost } from '../../naming.js';
import { SRCOBS_LABELS } from '../grafana/sidecar.js';
import { prometheusSelectedLabels } from './labels.js';

/** The Service port name the ServiceMonitor scrapes by (E16: both come from here). */
export const METRICS_PORT_NAME = 'http-metrics';

/** The label that ties a service's Deployment, Service and ServiceMonitor together. */
const NAME_LABEL = 'app.kubernetes.io/name';

function selector(service: ServiceConfig): Record<string, string> {
  return { [NAME_LABEL]: service.name };
}

/** The Service in front of the pods, with the named port the ServiceMonitor selects (E16). */
export function serviceObject(service: ServiceConfig): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: service.name, namespace: service.namespace, labels: { ...SRCOBS_LABELS, ...selector(service) } },
    spec: {
      selector: selector(service),
      ports: [{ name: METRICS_PORT_NAME, port: service.port, targetPort: METRICS_PORT_NAME, protocol: 'TCP' }],
    },
  };
}

/** The ServiceMonitor, labelled so kube-prometheus-stack's Prometheus selects it (E2), scraping the named port (E16). */
export function serviceMonitorObject(config: StackConfig, service: ServiceConfig): IServiceMonitor {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: service.name, namespace: service.namespace, labels: prometheusSelectedLabels(config) },
    spec: {
      selector: { matchLabels: selector(service) },
      namespaceSelector: { matchNames: [service.namespace] },
      endpoints: [{ port: METRICS_PORT_NAME, path: service.metricsPath, interval: service.scrapeInterval, scheme: 'http' }],
    },
  };
}

/** `test-app` → `TEST_APP_URL`: how a service finds another one (trace-app reads `TEST_APP_URL`). */
export function peerUrlVariable(name: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;
}

/**
 * The environment every instrumented service gets: its service name (the same as its Service and
 * `job`, so traces, service-graph edges and metrics join on one name), the OTLP endpoint of the
 * one trace path the config chose (E11), a listen address reachable through the Service (the
 * apps listen on 127.0.0.1 unless told), and the in-cluster URL of every other monitored service
 * as `<NAME>_URL`. The config's own `env` wins.
 */
export function serviceEnv(config: StackConfig, service: ServiceConfig): Record<string, string> {
  const otlp = appOtlpEndpoint(config);
  const peers: Record<string, string> = {};
  for (const other of config.services) {
    if (other.name !== service.name) peers[peerUrlVariable(other.name)] = `http://${serviceHost(other.name, other.namespace)}:${other.port}`;
  }
  return {
    OTEL_SERVICE_NAME: service.name,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${serviceHost(otlp.service, otlp.namespace)}:${otlp.httpPort}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    HOST: '0.0.0.0',
    PORT: String(service.port),
    ...peers,
    ...(service.deploy?.env ?? {}),
  };
}

/** The Deployment of a playground service: unprivileged, read-only root, probed on its port. */
export function deploymentObject(config: StackConfig, service: ServiceConfig): IDeployment | undefined {
  const deploy = service.deploy;
  if (!deploy) return undefined;
  const env = serviceEnv(config, service);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: service.name, namespace: service.namespace, labels: { ...SRCOBS_LABELS, ...selector(service) } },
    spec: {
      replicas: deploy.replicas,
      selector: { matchLabels: selector(service) },
      template: {
        metadata: { labels: { ...SRCOBS_LABELS, ...selector(service) } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: service.name,
              image: deploy.image,
              ports: [{ name: METRICS_PORT_NAME, containerPort: service.port, protocol: 'TCP' }],
              env: Object.entries(env).map(([name, value]) => ({ name, value })),
              readinessProbe: { tcpSocket: { port: METRICS_PORT_NAME }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: METRICS_PORT_NAME }, periodSeconds: 20, failureThreshold: 3 },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}

/** Deployment (when the config deploys it), Service and ServiceMonitor of one service, rendered together. */
export function workloadObjects(config: StackConfig, service: ServiceConfig): unknown[] {
  const deployment = deploymentObject(config, service);
  return [...(deployment ? [deployment] : []), serviceObject(service), serviceMonitorObject(config, service)];
}
