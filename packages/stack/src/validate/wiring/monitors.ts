import { dig, isRecord, list, objectRef, stringMap } from '../objects.js';
import type { ManifestObject } from '../objects.js';
import type { Finding } from '../types.js';
import type { Inventory } from './inventory.js';
import { formatLabels, selects } from './selectors.js';

const CHECK = 'wiring';

function error(object: ManifestObject, message: string, fix?: string, path?: string): Finding {
  return { severity: 'error', check: CHECK, file: object.file, path: path ? `${objectRef(object)}:${path}` : objectRef(object), message, ...(fix ? { fix } : {}) };
}

/** The namespaces a monitor looks in: `any`, `matchNames`, or its own. */
function monitorNamespaces(object: ManifestObject): string[] | 'any' {
  const selector = dig(object.body, 'spec', 'namespaceSelector');
  if (dig(selector, 'any') === true) return 'any';
  const names = list(dig(selector, 'matchNames')).map(String);
  return names.length > 0 ? names : [object.namespace ?? 'default'];
}

function inNamespaces(namespace: string, namespaces: string[] | 'any'): boolean {
  return namespaces === 'any' || namespaces.includes(namespace);
}

/** Per CRD kind: the kube-prometheus-stack values that say which objects its Prometheus loads. */
const PROMETHEUS_SELECTORS: Readonly<Record<string, { selector: string; nilUsesHelmValues: string }>> = {
  ServiceMonitor: { selector: 'serviceMonitorSelector', nilUsesHelmValues: 'serviceMonitorSelectorNilUsesHelmValues' },
  PodMonitor: { selector: 'podMonitorSelector', nilUsesHelmValues: 'podMonitorSelectorNilUsesHelmValues' },
  PrometheusRule: { selector: 'ruleSelector', nilUsesHelmValues: 'ruleSelectorNilUsesHelmValues' },
};

/**
 * E2: kube-prometheus-stack's Prometheus loads only the ServiceMonitors, PodMonitors and rules its
 * selector matches. With the chart's defaults (an empty selector and `*NilUsesHelmValues: true`)
 * that is `release: <release name>`; a deliberately emptied selector with `false` loads all.
 */
function prometheusSelection(inventory: Inventory): Finding[] {
  const kps = inventory.release('kube-prometheus-stack');
  if (!kps) return [];
  const spec = dig(kps.values, 'prometheus', 'prometheusSpec');
  const findings: Finding[] = [];
  for (const object of inventory.objects) {
    const keys = PROMETHEUS_SELECTORS[object.kind];
    if (!keys || object.apiVersion !== 'monitoring.coreos.com/v1') continue;
    const configured = dig(spec, keys.selector);
    const empty = !isRecord(configured) || Object.keys(configured).length === 0;
    const selector = empty ? (dig(spec, keys.nilUsesHelmValues) === false ? {} : { matchLabels: { release: kps.release } }) : configured;
    const labels = stringMap(dig(object.body, 'metadata', 'labels'));
    if (selects(selector, labels)) continue;
    const wanted = stringMap(dig(selector, 'matchLabels'));
    findings.push(
      error(
        object,
        `${objectRef(object)} is never loaded: the Prometheus of release "${kps.release}" selects ${object.kind}s labelled ${formatLabels(wanted)}, and this one has ${formatLabels(labels)}`,
        Object.keys(wanted).length > 0 ? `set metadata.labels to include ${formatLabels(wanted)} (srcobs derives it from releases.kubePrometheusStack)` : `match prometheus.prometheusSpec.${keys.selector} in ${kps.file}`,
        'metadata.labels',
      ),
    );
  }
  return findings;
}

/** E16: a ServiceMonitor must select rendered Services that name the port it scrapes. */
function serviceMonitors(inventory: Inventory): Finding[] {
  const findings: Finding[] = [];
  for (const monitor of inventory.objects.filter((o) => o.kind === 'ServiceMonitor')) {
    const namespaces = monitorNamespaces(monitor);
    const selector = dig(monitor.body, 'spec', 'selector');
    const selected = inventory.services.filter((s) => s.labels !== undefined && inNamespaces(s.namespace, namespaces) && selects(selector, s.labels));
    if (selected.length === 0) {
      findings.push(error(monitor, `${objectRef(monitor)} selects no Service: none in ${namespaces === 'any' ? 'any namespace' : namespaces.join(', ')} is labelled ${formatLabels(stringMap(dig(selector, 'matchLabels')))}`, 'label the Service as spec.selector says, or fix the selector', 'spec.selector'));
      continue;
    }
    list(dig(monitor.body, 'spec', 'endpoints')).forEach((endpoint, i) => {
      const port = dig(endpoint, 'port');
      if (typeof port !== 'string') return;
      if (selected.some((s) => s.ports.some((p) => p.name === port))) return;
      const names = selected.map((s) => `${s.namespace}/${s.name}: ${s.ports.map((p) => (p.name ? `${p.name} (${p.port})` : `unnamed (${p.port})`)).join(', ')}`);
      findings.push(
        error(monitor, `${objectRef(monitor)} scrapes port "${port}", which no selected Service names (${names.join('; ')}): Prometheus finds no target`, `name the Service port "${port}" (srcobs renders a Service and its ServiceMonitor from one definition, E16)`, `spec.endpoints[${i}].port`),
      );
    });
  }
  return findings;
}

/** A PodMonitor must select rendered pods whose containers name the port it scrapes. */
function podMonitors(inventory: Inventory): Finding[] {
  const findings: Finding[] = [];
  for (const monitor of inventory.objects.filter((o) => o.kind === 'PodMonitor')) {
    const namespaces = monitorNamespaces(monitor);
    const selector = dig(monitor.body, 'spec', 'selector');
    const selected = inventory.workloads.filter((w) => inNamespaces(w.object.namespace ?? 'default', namespaces) && selects(selector, w.podLabels));
    if (selected.length === 0) {
      findings.push(error(monitor, `${objectRef(monitor)} selects no rendered pods`, 'label the pod template as spec.selector says, or fix the selector', 'spec.selector'));
      continue;
    }
    list(dig(monitor.body, 'spec', 'podMetricsEndpoints')).forEach((endpoint, i) => {
      const port = dig(endpoint, 'port');
      if (typeof port !== 'string') return;
      if (selected.some((w) => w.containers.some((c) => c.ports.some((p) => p.name === port)))) return;
      findings.push(error(monitor, `${objectRef(monitor)} scrapes container port "${port}", which no selected pod names`, 'name the container port as the PodMonitor says', `spec.podMetricsEndpoints[${i}].port`));
    });
  }
  return findings;
}

/** A rendered Service whose named targetPort no container of its pods declares sends traffic nowhere. */
function serviceTargetPorts(inventory: Inventory): Finding[] {
  const findings: Finding[] = [];
  for (const object of inventory.objects.filter((o) => o.kind === 'Service')) {
    const selector = stringMap(dig(object.body, 'spec', 'selector'));
    if (Object.keys(selector).length === 0) continue;
    const pods = inventory.workloads.filter((w) => w.object.namespace === object.namespace && selects({ matchLabels: selector }, w.podLabels));
    if (pods.length === 0) continue; // pods the user deploys are not rendered: nothing to compare with
    list(dig(object.body, 'spec', 'ports')).forEach((port, i) => {
      const target = dig(port, 'targetPort');
      if (typeof target !== 'string') return;
      for (const pod of pods) {
        if (pod.containers.some((c) => c.ports.some((p) => p.name === target))) continue;
        findings.push(error(object, `${objectRef(object)} forwards to container port "${target}", which ${objectRef(pod.object)} does not declare`, 'name the container port as the Service targetPort says', `spec.ports[${i}].targetPort`));
      }
    });
  }
  return findings;
}

/** ServiceMonitors, PodMonitors and rules: selected by Prometheus, selecting Services and ports that exist. */
export function monitorFindings(inventory: Inventory): Finding[] {
  return [...prometheusSelection(inventory), ...serviceMonitors(inventory), ...podMonitors(inventory), ...serviceTargetPorts(inventory)];
}
