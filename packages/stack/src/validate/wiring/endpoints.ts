import { exporterEndpointsInFiles } from '../../render/endpoints.js';
import type { ExporterEndpoint } from '../../render/endpoints.js';
import type { RenderedFile } from '../../render/types.js';
import type { KnownPort, ServiceRole } from '../chart-services.js';
import { dig, objectRef } from '../objects.js';
import type { Finding } from '../types.js';
import { collectorConfigFiles } from './inventory.js';
import type { Inventory } from './inventory.js';
import { serviceTarget, targetProblem } from './resolve.js';
import type { ServiceTarget } from './resolve.js';
import { selects } from './selectors.js';

const CHECK = 'wiring';

const ROLE_OF_PROTOCOL: Readonly<Record<ExporterEndpoint['protocol'], ServiceRole>> = {
  'otlp-grpc': 'otlp-receiver',
  'otlp-http': 'otlp-receiver',
  'loki-push': 'loki-push',
  'prometheus-remote-write': 'prometheus',
};

function isOtlpPort(port: KnownPort | undefined, protocol: 'otlp-grpc' | 'otlp-http'): boolean {
  if (!port) return false;
  if (port.port === (protocol === 'otlp-grpc' ? 4317 : 4318)) return true;
  return /otlp/.test(port.name ?? '') && (protocol === 'otlp-grpc' ? /grpc/.test(port.name ?? '') : /http/.test(port.name ?? ''));
}

function knownNamespaces(inventory: Inventory): Set<string> {
  return new Set([...inventory.services.map((s) => s.namespace), ...inventory.objects.filter((o) => o.kind === 'Namespace').map((o) => o.name)]);
}

/**
 * What is wrong with sending `protocol` to `target`: a missing Service or port, a Service of
 * another component, an OTLP exporter dialling a non-OTLP port, or remote write into a
 * Prometheus whose receiver is off (E10).
 */
function protocolProblem(inventory: Inventory, target: ServiceTarget, protocol: ExporterEndpoint['protocol']): { message: string; fix?: string } | undefined {
  const problem = targetProblem(inventory, target);
  if (problem) return problem;
  const service = inventory.service(target.name, target.namespace);
  const role = ROLE_OF_PROTOCOL[protocol];
  if (service?.roles && !service.roles.includes(role)) {
    return { message: `${target.namespace}/${target.name} (${service.origin}) does not accept ${protocol}`, fix: `send ${protocol} to a Service of the component that receives it` };
  }
  if ((protocol === 'otlp-grpc' || protocol === 'otlp-http') && service?.roles && !isOtlpPort(service.ports.find((p) => p.port === target.port), protocol)) {
    return { message: `port ${target.port} of ${target.namespace}/${target.name} is not its ${protocol === 'otlp-grpc' ? 'OTLP gRPC (4317)' : 'OTLP HTTP (4318)'} port` };
  }
  if (protocol === 'prometheus-remote-write' && service?.roles?.includes('prometheus')) {
    const kps = inventory.release('kube-prometheus-stack');
    if (kps && dig(kps.values, 'prometheus', 'prometheusSpec', 'enableRemoteWriteReceiver') !== true) {
      return { message: `Prometheus of release "${kps.release}" does not accept remote write: span and service-graph metrics are refused (E10)`, fix: `set prometheus.prometheusSpec.enableRemoteWriteReceiver: true in ${kps.file}` };
    }
  }
  return undefined;
}

/** Every address Alloy and the Collector send to is a rendered Service that receives that protocol (E10, E11). */
function exporterFindings(inventory: Inventory, files: readonly RenderedFile[]): Finding[] {
  const namespaces = knownNamespaces(inventory);
  const senders = [...files, ...collectorConfigFiles(inventory.releases, files)];
  const findings: Finding[] = [];
  for (const endpoint of exporterEndpointsInFiles(senders)) {
    const release = inventory.releases.find((r) => r.file === endpoint.file) ?? inventory.release('alloy');
    const target = serviceTarget(`${endpoint.host}:${endpoint.port}`, release?.namespace ?? 'default', namespaces);
    if (!target) continue;
    const problem = protocolProblem(inventory, target, endpoint.protocol);
    if (problem) {
      findings.push({ severity: 'error', check: CHECK, file: endpoint.file, path: endpoint.component, message: `${endpoint.component} sends ${endpoint.protocol} to ${endpoint.host}:${endpoint.port}: ${problem.message}`, ...(problem.fix ? { fix: problem.fix } : {}) });
    }
  }
  return findings;
}

/**
 * The environment of rendered workloads: the OTLP endpoint the SDK gets is a Service that
 * receives OTLP (E11), every in-cluster URL is a Service and port that exist, and the service name
 * in traces is the Service's name, which is the `job` of its metrics (E15: without it, trace-app's
 * spans and test-app's metrics never join).
 */
function workloadFindings(inventory: Inventory): Finding[] {
  const namespaces = knownNamespaces(inventory);
  const findings: Finding[] = [];
  for (const workload of inventory.workloads) {
    const ns = workload.object.namespace ?? 'default';
    workload.containers.forEach((container, c) => {
      for (const [name, value] of Object.entries(container.env)) {
        const otlp = name === 'OTEL_EXPORTER_OTLP_ENDPOINT' || name === 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
        if (!otlp && !/^https?:\/\//.test(value)) continue;
        const target = serviceTarget(value, ns, namespaces);
        if (!target) continue;
        // The OTel default (and the only protocol of the srcobs SDK) is http/protobuf.
        const protocol = otlp ? (container.env['OTEL_EXPORTER_OTLP_PROTOCOL'] === 'grpc' ? 'otlp-grpc' : 'otlp-http') : undefined;
        const problem = protocol ? protocolProblem(inventory, target, protocol) : targetProblem(inventory, target);
        if (problem) {
          findings.push({ severity: 'error', check: CHECK, file: workload.object.file, path: `${objectRef(workload.object)}:spec.template.spec.containers[${c}].env.${name}`, message: `${objectRef(workload.object)} ${name}=${value}: ${problem.message}`, ...(problem.fix ? { fix: problem.fix } : {}) });
        }
      }
      const serviceName = container.env['OTEL_SERVICE_NAME'];
      if (serviceName === undefined) return;
      const fronting = inventory.services.filter((s) => s.namespace === ns && s.selector && Object.keys(s.selector).length > 0 && selects({ matchLabels: s.selector }, workload.podLabels));
      for (const service of fronting) {
        if (service.name === serviceName) continue;
        findings.push({
          severity: 'error',
          check: CHECK,
          file: workload.object.file,
          path: `${objectRef(workload.object)}:spec.template.spec.containers[${c}].env.OTEL_SERVICE_NAME`,
          message: `${objectRef(workload.object)} reports traces as "${serviceName}" but is scraped as job "${service.name}" (its Service): trace-to-metrics links, the service graph and the dashboards cannot join them (E15)`,
          fix: `set OTEL_SERVICE_NAME=${service.name}`,
        });
      }
    });
  }
  return findings;
}

/** Where telemetry is sent: workloads' endpoints and URLs, and Alloy's and the Collector's exporters. */
export function endpointFindings(inventory: Inventory, files: readonly RenderedFile[]): Finding[] {
  return [...workloadFindings(inventory), ...exporterFindings(inventory, files)];
}
