import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { StackConfig } from '../../config/types.js';
import { SRCOBS_LABELS } from '../grafana/sidecar.js';

/**
 * The monitoring namespace and every namespace a deployed service lives in (the playground by
 * default). The Gateway's namespace is not created: it is the cluster's own (`default` in the seed).
 */
export function namespaceObjects(config: StackConfig): INamespace[] {
  const names = new Set<string>([config.namespaces.monitoring]);
  for (const service of config.services) if (service.deploy) names.add(service.namespace);
  if (config.services.length === 0) names.add(config.namespaces.playground);
  return [...names].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...SRCOBS_LABELS } } }));
}
