import { OLA_CATEGORY_INFO, type OlaCategory } from '@srcobs/ola';
import type { StackConfig } from '@srcobs/stack';

/** Where each managed Kubernetes keeps its API server audit log (`../shared/ola.md` "Audit policy"). */
const MANAGED_AUDIT_LOG: Readonly<Record<'eks' | 'gke' | 'aks' | 'other', string>> = {
  eks: 'Amazon CloudWatch Logs, log group /aws/eks/<cluster>/cluster, streams kube-apiserver-audit-* (turn on the "audit" control-plane log type)',
  gke: 'Google Cloud Logging, logName cloudaudit.googleapis.com%2Factivity and %2Fdata_access, resource.type="k8s_cluster" (Data Access logs must be enabled for reads of Secrets)',
  aks: 'Azure Monitor, a diagnostic setting sending kube-audit (or kube-audit-admin) to a Log Analytics workspace (table AKSAudit or AzureDiagnostics)',
  other: "the cloud provider's log service (the control plane's audit log is not readable from the cluster)",
};

/** True for categories whose Kubernetes sources include the API server audit log. */
function hasApiServerAuditSource(category: OlaCategory): boolean {
  return OLA_CATEGORY_INFO[category].kubernetesSources.some((s) => s.startsWith('API server audit log'));
}

/**
 * The category's external source on a managed cluster: its API server audit lines never reach
 * Loki, so an auditor is told where they are instead. Undefined when the stack holds them all.
 */
export function externalSource(config: StackConfig, category: OlaCategory): string | undefined {
  const audit = config.logs.apiServerAudit;
  if (audit.mode !== 'managed' || !hasApiServerAuditSource(category)) return undefined;
  return `API server audit log (managed cluster, not stored by srcobs): ${MANAGED_AUDIT_LOG[audit.provider ?? 'other']}`;
}
