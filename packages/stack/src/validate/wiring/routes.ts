import { dig, list, objectRef, stringMap } from '../objects.js';
import type { ManifestObject } from '../objects.js';
import type { Finding } from '../types.js';
import type { Inventory } from './inventory.js';
import { targetProblem } from './resolve.js';
import { selects } from './selectors.js';

const CHECK = 'wiring';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

function finding(severity: Finding['severity'], object: ManifestObject, path: string, message: string, fix?: string): Finding {
  return { severity, check: CHECK, file: object.file, path: `${objectRef(object)}:${path}`, message, ...(fix ? { fix } : {}) };
}

function listeners(gateway: ManifestObject): unknown[] {
  return [...list(dig(gateway.body, 'spec', 'listeners'))];
}

/** The labels a namespace is known to carry: the automatic name label, plus any it is rendered with. */
function namespaceLabels(inventory: Inventory, namespace: string): Record<string, string> {
  const rendered = inventory.objects.find((o) => o.kind === 'Namespace' && o.name === namespace);
  return { ...stringMap(dig(rendered?.body, 'metadata', 'labels')), 'kubernetes.io/metadata.name': namespace };
}

function admits(inventory: Inventory, gateway: ManifestObject, listener: unknown, routeNamespace: string): boolean {
  const from = dig(listener, 'allowedRoutes', 'namespaces', 'from') ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNamespace === gateway.namespace;
  if (from === 'Selector') return selects(dig(listener, 'allowedRoutes', 'namespaces', 'selector'), namespaceLabels(inventory, routeNamespace));
  return false;
}

/** A route rule that only redirects to HTTPS and sends nothing to a backend. */
function redirectsOnly(route: ManifestObject): boolean {
  const rules = list(dig(route.body, 'spec', 'rules'));
  return (
    rules.length > 0 &&
    rules.every((rule) => list(dig(rule, 'backendRefs')).length === 0 && list(dig(rule, 'filters')).some((f) => dig(f, 'type') === 'RequestRedirect' && dig(f, 'requestRedirect', 'scheme') === 'https'))
  );
}

interface Attachment {
  readonly route: ManifestObject;
  readonly gateway: ManifestObject;
  readonly listener: unknown;
}

/** HTTPRoutes attach to listeners that exist and admit them, and send to Services that exist (E3). */
function routeFindings(inventory: Inventory, attachments: Attachment[]): Finding[] {
  const findings: Finding[] = [];
  const gateways = inventory.objects.filter((o) => o.kind === 'Gateway' && o.apiVersion.startsWith(GATEWAY_GROUP));
  for (const route of inventory.objects.filter((o) => o.kind === 'HTTPRoute')) {
    const routeNs = route.namespace ?? 'default';
    list(dig(route.body, 'spec', 'parentRefs')).forEach((ref, i) => {
      if ((dig(ref, 'kind') ?? 'Gateway') !== 'Gateway') return;
      const name = String(dig(ref, 'name'));
      const namespace = String(dig(ref, 'namespace') ?? routeNs);
      const gateway = gateways.find((g) => g.name === name && g.namespace === namespace);
      if (!gateway) {
        findings.push(finding('warning', route, `spec.parentRefs[${i}]`, `${objectRef(route)} attaches to Gateway ${namespace}/${name}, which the stack does not render: it must already exist in the cluster`));
        return;
      }
      const section = dig(ref, 'sectionName');
      const candidates = listeners(gateway).filter((l) => section === undefined || dig(l, 'name') === section);
      if (candidates.length === 0) {
        findings.push(finding('error', route, `spec.parentRefs[${i}].sectionName`, `${objectRef(route)} attaches to listener "${String(section)}", which Gateway ${namespace}/${name} does not have`, `listeners: ${listeners(gateway).map((l) => String(dig(l, 'name'))).join(', ')}`));
        return;
      }
      const admitting = candidates.filter((l) => admits(inventory, gateway, l, routeNs));
      if (admitting.length === 0) {
        findings.push(finding('error', route, `spec.parentRefs[${i}]`, `Gateway ${namespace}/${name} does not admit routes from namespace "${routeNs}" on ${section ? `listener "${String(section)}"` : 'any listener'}: the route is never attached`, 'allow the namespace in the listener\'s allowedRoutes, or move the route'));
      }
      for (const listener of admitting) attachments.push({ route, gateway, listener });
    });
    list(dig(route.body, 'spec', 'rules')).forEach((rule, r) => {
      list(dig(rule, 'backendRefs')).forEach((backend, b) => {
        if ((dig(backend, 'kind') ?? 'Service') !== 'Service') return;
        const namespace = String(dig(backend, 'namespace') ?? routeNs);
        const port = dig(backend, 'port');
        const at = `spec.rules[${r}].backendRefs[${b}]`;
        if (typeof port !== 'number') {
          findings.push(finding('error', route, at, `${objectRef(route)} sends to Service ${String(dig(backend, 'name'))} without a port`, 'set backendRefs[].port'));
          return;
        }
        const problem = targetProblem(inventory, { name: String(dig(backend, 'name')), namespace, port });
        if (problem) findings.push(finding('error', route, at, `${objectRef(route)} backend: ${problem.message}`, problem.fix));
        if (namespace !== routeNs && !inventory.objects.some((o) => o.kind === 'ReferenceGrant' && o.namespace === namespace)) {
          findings.push(finding('error', route, at, `${objectRef(route)} sends to namespace "${namespace}" without a ReferenceGrant there: the Gateway refuses it`));
        }
      });
    });
  }
  return findings;
}

/** E6: listeners admit only chosen namespaces, HTTPS has its certificate, plain HTTP only redirects. */
function gatewayPolicy(inventory: Inventory, attachments: readonly Attachment[]): Finding[] {
  const findings: Finding[] = [];
  for (const gateway of inventory.objects.filter((o) => o.kind === 'Gateway' && o.apiVersion.startsWith(GATEWAY_GROUP))) {
    const all = listeners(gateway);
    const hasTls = all.some((l) => dig(l, 'protocol') === 'HTTPS');
    all.forEach((listener, i) => {
      const name = String(dig(listener, 'name'));
      if (dig(listener, 'allowedRoutes', 'namespaces', 'from') === 'All') {
        findings.push(finding('error', gateway, `spec.listeners[${i}].allowedRoutes.namespaces.from`, `listener "${name}" of ${objectRef(gateway)} lets routes from any namespace attach (from: All), so any team can publish on this host (E6)`, 'use from: Selector with the monitoring namespace (kubernetes.io/metadata.name)'));
      }
      if (dig(listener, 'protocol') === 'HTTPS' && list(dig(listener, 'tls', 'certificateRefs')).length === 0) {
        findings.push(finding('error', gateway, `spec.listeners[${i}].tls`, `HTTPS listener "${name}" of ${objectRef(gateway)} has no certificate`, 'reference the TLS Secret in tls.certificateRefs'));
      }
      if (dig(listener, 'protocol') !== 'HTTP' || !hasTls) return;
      const attached = attachments.filter((a) => a.gateway === gateway && a.listener === listener);
      if (attached.length === 0) {
        findings.push(finding('warning', gateway, `spec.listeners[${i}]`, `HTTP listener "${name}" of ${objectRef(gateway)} has no route: http:// answers 404 instead of redirecting to https://`, 'attach a route whose only rule is a RequestRedirect to scheme https'));
      }
      for (const { route } of attached) {
        if (!redirectsOnly(route)) {
          findings.push(finding('error', route, 'spec.rules', `${objectRef(route)} serves plain HTTP on listener "${name}" of ${objectRef(gateway)}, which also terminates TLS: it must only redirect to HTTPS (E6)`, 'attach it to the HTTPS listener (parentRefs[].sectionName) and give the HTTP listener a redirect-only route'));
        }
      }
    });
  }
  return findings;
}

/** `root_url`'s path, with Grafana's `%(…)s` placeholders filled in. */
function rootUrlPath(rootUrl: string): string {
  try {
    return new URL(rootUrl.replace(/%\(protocol\)s/g, 'https').replace(/%\(domain\)s/g, 'grafana.local').replace(/:%\(http_port\)s/g, '')).pathname;
  } catch {
    return '/';
  }
}

function normalise(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

/** E4: the path the route serves Grafana under agrees with Grafana's `root_url` and `serve_from_sub_path`. */
function grafanaSubPath(inventory: Inventory): Finding[] {
  const kps = inventory.release('kube-prometheus-stack');
  const grafana = inventory.services.find((s) => s.roles?.includes('grafana'));
  if (!kps || !grafana) return [];
  const server = dig(kps.values, 'grafana', 'grafana.ini', 'server');
  const rootUrl = dig(server, 'root_url');
  const rootPath = normalise(typeof rootUrl === 'string' ? rootUrlPath(rootUrl) : '/');
  const subPath = dig(server, 'serve_from_sub_path') === true;
  const findings: Finding[] = [];
  for (const route of inventory.objects.filter((o) => o.kind === 'HTTPRoute')) {
    list(dig(route.body, 'spec', 'rules')).forEach((rule, r) => {
      const toGrafana = list(dig(rule, 'backendRefs')).some((b) => dig(b, 'name') === grafana.name && String(dig(b, 'namespace') ?? route.namespace) === grafana.namespace);
      if (!toGrafana) return;
      for (const match of list(dig(rule, 'matches'))) {
        const value = dig(match, 'path', 'value');
        const path = normalise(typeof value === 'string' ? value : '/');
        if (path !== rootPath) {
          findings.push(finding('error', route, `spec.rules[${r}].matches`, `${objectRef(route)} serves Grafana under "${path}" but Grafana's root_url (${String(rootUrl ?? 'unset')}, in ${kps.file}) puts it under "${rootPath}": its links and redirects break (E4)`, 'set grafana.path in the config: srcobs renders the route and root_url from it'));
        } else if (path !== '/' && !subPath) {
          findings.push(finding('error', route, `spec.rules[${r}].matches`, `${objectRef(route)} serves Grafana under "${path}" but grafana.ini server.serve_from_sub_path is not true (${kps.file}): Grafana answers only at / (E4)`, 'set serve_from_sub_path: true with the sub-path root_url'));
        }
      }
    });
  }
  return findings;
}

/** Gateways, routes and their backends (E3, E4, E6). */
export function routeAndGatewayFindings(inventory: Inventory): Finding[] {
  const attachments: Attachment[] = [];
  const routes = routeFindings(inventory, attachments);
  return [...routes, ...gatewayPolicy(inventory, attachments), ...grafanaSubPath(inventory)];
}
