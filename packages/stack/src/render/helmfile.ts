import { stringify } from 'yaml';
import type { StackConfig } from '../config/types.js';
import { helmReleases } from './helm/releases.js';
import type { RenderedFile } from './types.js';

/** Where helmfile.yaml is written in the output folder. */
export const HELMFILE_PATH = 'helmfile.yaml';

/**
 * A helmfile.yaml that installs every release in dependency order (`needs`) with the pinned
 * versions, for users who apply with helmfile instead of `srcobs up`. The namespaces and CRD-based
 * manifests are not Helm releases: apply the namespaces first and the manifests last, as the
 * header says (`srcobs up --target kubernetes` does exactly that).
 */
export function renderHelmfile(config: StackConfig): RenderedFile[] {
  const releases = helmReleases(config);
  const repositories = [...new Map(releases.map((r) => [r.chart.repoName, { name: r.chart.repoName, url: r.chart.repository }])).values()];
  const doc = {
    repositories,
    helmDefaults: { wait: true, timeout: 900, createNamespace: false },
    releases: releases.map((r) => ({
      name: r.name,
      namespace: r.namespace,
      chart: `${r.chart.repoName}/${r.chart.name}`,
      version: r.chart.version,
      values: [r.values],
      ...(r.needs.length > 0 ? { needs: r.needs.map((n) => `${r.namespace}/${n}`) } : {}),
    })),
  };
  const header = [
    '# Installs the srcobs stack with helmfile (rendered by `srcobs render`: edit the config, not this file).',
    '# Order: kubectl apply the namespaces manifest, then `helmfile apply`, then kubectl apply the other manifests',
    '# (ServiceMonitors and PrometheusRules need the CRDs kube-prometheus-stack installs).',
    '',
  ].join('\n');
  return [{ path: HELMFILE_PATH, kind: 'helmfile', content: header + stringify(doc, { lineWidth: 0 }) }];
}
