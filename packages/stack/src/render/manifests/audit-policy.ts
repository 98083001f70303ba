import type { StackConfig } from '../../config/types.js';

/** One rule of an `audit.k8s.io/v1` Policy (the fields srcobs uses). */
export interface AuditPolicyRule {
  readonly level: 'None' | 'Metadata' | 'Request' | 'RequestResponse';
  readonly users?: readonly string[];
  readonly userGroups?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resources?: readonly { readonly group: string; readonly resources?: readonly string[] }[];
  readonly namespaces?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly omitStages?: readonly string[];
}

/** An API-server audit Policy, the file `--audit-policy-file` points at. */
export interface AuditPolicy {
  readonly apiVersion: 'audit.k8s.io/v1';
  readonly kind: 'Policy';
  readonly omitStages: readonly string[];
  readonly rules: readonly AuditPolicyRule[];
}

const READ = ['get', 'list', 'watch'];
const CORE = '';

/**
 * The audit Policy for self-managed control planes (`../shared/ola.md`): nothing for noisy
 * read-only system traffic, request level for reading Secrets, metadata for everything else.
 * Rules match first-to-last, so the silencing rules come first.
 *
 * Writes to Secrets stay at metadata level on purpose: at request level the API server would log
 * the request body, which is the Secret's data, and no secret may reach a log (ola.md "Never in a
 * log"). Reads have no request body, so "request level for Secrets" costs nothing there.
 */
export function auditPolicy(_config: StackConfig): AuditPolicy {
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    // The RequestReceived stage duplicates every event that also reaches ResponseComplete.
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics', '/openapi*', '/swagger*'] },
      // Events are collected as events (loki.source.kubernetes_events); auditing their writes doubles them.
      { level: 'None', resources: [{ group: CORE, resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
      // Leader election renews a lease every few seconds.
      { level: 'None', verbs: ['get', 'update'], resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }] },
      { level: 'None', users: ['system:kube-proxy'], verbs: ['watch'], resources: [{ group: CORE, resources: ['endpoints', 'services', 'services/status'] }, { group: 'discovery.k8s.io', resources: ['endpointslices'] }] },
      { level: 'None', userGroups: ['system:nodes'], verbs: READ },
      { level: 'None', users: ['system:kube-controller-manager', 'system:kube-scheduler', 'system:apiserver'], verbs: READ },
      { level: 'None', userGroups: ['system:serviceaccounts:kube-system'], verbs: READ },
      { level: 'Request', verbs: READ, resources: [{ group: CORE, resources: ['secrets'] }] },
      { level: 'Metadata', resources: [{ group: CORE, resources: ['secrets', 'configmaps'] }, { group: 'authentication.k8s.io', resources: ['tokenreviews'] }] },
      { level: 'Metadata' },
    ],
  };
}
