import type { StackConfig } from '../../config/types.js';
import type { RenderedFile } from '../types.js';
import { CHARTS, releaseLabel, valuesFile } from './charts.js';

/**
 * What the rendered Alloy configuration needs from the chart (the Alloy renderer's
 * `alloyDeploymentNeeds(config)` describes its own config this way).
 */
export interface AlloyChartNeeds {
  /** One Alloy per node: the journal and the audit log are node-local files. */
  readonly daemonSet: boolean;
  /** Host folders to mount read-only, at the same path, into the Alloy pods. */
  readonly hostPaths: readonly string[];
  /** Tolerate the control-plane taint (the audit log is written there). */
  readonly controlPlaneTolerations: boolean;
  /** `alloy.clustering.enabled`: several Alloys share the API-tailed targets. */
  readonly clustering: boolean;
  /** Service ports for the OTLP receiver (`alloy.extraPorts`). */
  readonly extraPorts: ReadonlyArray<{ readonly name: string; readonly port: number; readonly targetPort: number; readonly protocol: 'TCP' }>;
}

/** The Alloy configuration and what it needs from its pods. */
export interface AlloyValuesInput {
  /** The configuration, in Alloy syntax. */
  readonly content: string;
  readonly needs: AlloyChartNeeds;
}

/**
 * Values for alloy 1.11.1: the configuration text in the chart's ConfigMap, the OTLP ports, and a
 * controller that matches where logs are read from: a Deployment when pods and events are tailed
 * through the Kubernetes API (the seed's choice, no hostPath), a DaemonSet with the host folders
 * mounted when the journal or the audit log are read.
 */
export function renderAlloyValues(config: StackConfig, alloy: AlloyValuesInput): RenderedFile[] {
  return [valuesFile(CHARTS.alloy, config.releases.alloy, config.namespaces.monitoring, alloyValues(config, alloy))];
}

/** A volume name for a host folder (`/var/log/journal` -> `host-var-log-journal`). */
function volumeName(path: string): string {
  return `host${path.replace(/[^a-z0-9]+/gi, '-').toLowerCase().replace(/-+$/, '')}`.slice(0, 63);
}

/** The values object (exported for tests). */
export function alloyValues(config: StackConfig, alloy: AlloyValuesInput): Record<string, unknown> {
  const { needs, content } = alloy;
  const mounts = needs.hostPaths.map((path) => ({ name: volumeName(path), path }));
  return {
    alloy: {
      configMap: { create: true, content },
      // loki.secretfilter is a public-preview component in Alloy v1.18: Alloy refuses it otherwise.
      ...(/\bloki\.secretfilter\s+"/.test(content) ? { stabilityLevel: 'public-preview' } : {}),
      enableReporting: false,
      ...(needs.clustering ? { clustering: { enabled: true } } : {}),
      ...(needs.extraPorts.length > 0 ? { extraPorts: needs.extraPorts.map((p) => ({ ...p })) } : {}),
      ...(mounts.length > 0 ? { mounts: { extra: mounts.map((m) => ({ name: m.name, mountPath: m.path, readOnly: true })) } } : {}),
    },
    controller: {
      type: needs.daemonSet ? 'daemonset' : 'deployment',
      ...(needs.daemonSet ? {} : { replicas: 1 }),
      // DirectoryOrCreate: a DaemonSet pod on a node without the folder (a worker has no audit log) still starts.
      ...(mounts.length > 0 ? { volumes: { extra: mounts.map((m) => ({ name: m.name, hostPath: { path: m.path, type: 'DirectoryOrCreate' } })) } } : {}),
      ...(needs.controlPlaneTolerations ? { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] } : {}),
    },
    serviceMonitor: { enabled: true, additionalLabels: releaseLabel(config) },
  };
}
