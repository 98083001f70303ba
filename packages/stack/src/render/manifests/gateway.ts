import type { IGateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import type { IHTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import type { StackConfig } from '../../config/types.js';
import { grafanaServiceName } from '../../naming.js';
import { SRCOBS_LABELS } from '../grafana/sidecar.js';

/** The Grafana chart's Service port (`service.port`, grafana 12.11.1 and kube-prometheus-stack's subchart). */
export const GRAFANA_SERVICE_PORT = 80;
export const HTTP_LISTENER = 'http';
export const HTTPS_LISTENER = 'https';

/**
 * Only routes from the monitoring namespace may attach (E6): a namespace selector on the
 * automatic `kubernetes.io/metadata.name` label, and only HTTPRoutes.
 */
function allowedRoutes(config: StackConfig): NonNullable<IGateway['spec']['listeners'][number]['allowedRoutes']> {
  return {
    namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': config.namespaces.monitoring } } },
    kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
  };
}

/** The Gateway: an HTTP listener that only redirects, and an HTTPS listener terminating TLS with the configured Secret (E6). */
export function gatewayObject(config: StackConfig): IGateway {
  const { gateway, grafana } = config;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: gateway.name, namespace: gateway.namespace, labels: { ...SRCOBS_LABELS } },
    spec: {
      gatewayClassName: gateway.className,
      listeners: [
        { name: HTTP_LISTENER, protocol: 'HTTP', port: 80, hostname: grafana.host, allowedRoutes: allowedRoutes(config) },
        {
          name: HTTPS_LISTENER,
          protocol: 'HTTPS',
          port: 443,
          hostname: grafana.host,
          tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: gateway.tlsSecretName }] },
          allowedRoutes: allowedRoutes(config),
        },
      ],
    },
  };
}

function parentRef(config: StackConfig, sectionName: string): NonNullable<IHTTPRoute['spec']['parentRefs']>[number] {
  return { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: config.gateway.name, namespace: config.gateway.namespace, sectionName };
}

/**
 * Two routes for Grafana: plain HTTP answers with a redirect to HTTPS and nothing else, and HTTPS
 * goes to the Grafana Service of the kube-prometheus-stack release (E3) under the configured path
 * (E4: the same path Grafana's `root_url` is set to).
 */
export function grafanaRouteObjects(config: StackConfig): IHTTPRoute[] {
  const ns = config.namespaces.monitoring;
  const labels = { ...SRCOBS_LABELS };
  return [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'grafana-https-redirect', namespace: ns, labels },
      spec: {
        parentRefs: [parentRef(config, HTTP_LISTENER)],
        hostnames: [config.grafana.host],
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'grafana', namespace: ns, labels },
      spec: {
        parentRefs: [parentRef(config, HTTPS_LISTENER)],
        hostnames: [config.grafana.host],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: config.grafana.path } }],
            backendRefs: [{ group: '', kind: 'Service', name: grafanaServiceName(config), port: GRAFANA_SERVICE_PORT }],
          },
        ],
      },
    },
  ];
}
