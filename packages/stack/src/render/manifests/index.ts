import type { StackConfig } from '../../config/types.js';
import type { RenderedFile } from '../types.js';
import { RENDERED_HEADER, yamlDocuments } from '../yaml-documents.js';
import { stringify } from 'yaml';
import { auditPolicy } from './audit-policy.js';
import { gatewayObject, grafanaRouteObjects } from './gateway.js';
import { namespaceObjects } from './namespaces.js';
import { networkPolicyObjects } from './network-policies.js';
import { workloadObjects } from './workloads.js';

export const NAMESPACES_FILE = 'manifests/namespaces.yaml';
export const AUDIT_POLICY_FILE = 'control-plane/audit-policy.yaml';

/**
 * The plain Kubernetes manifests: namespaces; per monitored service its Deployment, Service and
 * ServiceMonitor together (E16); the Gateway and Grafana's HTTPRoutes (E3, E4, E6); the
 * NetworkPolicies of the monitoring namespace; and, for self-managed control planes, the audit
 * Policy (a file for the API server, not an object to apply).
 */
export function renderManifests(config: StackConfig): RenderedFile[] {
  const files: RenderedFile[] = [{ path: NAMESPACES_FILE, kind: 'manifest', content: yamlDocuments(namespaceObjects(config)) }];
  for (const service of config.services) {
    files.push({ path: `manifests/${service.namespace}/${service.name}.yaml`, kind: 'manifest', content: yamlDocuments(workloadObjects(config, service)) });
  }
  if (config.gateway.enabled) {
    if (config.gateway.create) files.push({ path: `manifests/${config.gateway.namespace}/gateway.yaml`, kind: 'manifest', content: yamlDocuments([gatewayObject(config)]) });
    files.push({ path: `manifests/${config.namespaces.monitoring}/grafana-routes.yaml`, kind: 'manifest', content: yamlDocuments(grafanaRouteObjects(config)) });
  }
  files.push({ path: `manifests/${config.namespaces.monitoring}/network-policies.yaml`, kind: 'manifest', content: yamlDocuments(networkPolicyObjects(config)) });
  if (config.logs.apiServerAudit.mode === 'self-managed') {
    files.push({ path: AUDIT_POLICY_FILE, kind: 'audit-policy', content: `${RENDERED_HEADER}\n# Copy to every control-plane node and start kube-apiserver with --audit-policy-file=<path> --audit-log-path=${config.logs.apiServerAudit.logPath}\n${stringify(auditPolicy(config))}` });
  }
  return files;
}
