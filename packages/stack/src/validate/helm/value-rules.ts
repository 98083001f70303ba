import type { Finding } from '../types.js';
import { isPlainObject } from './key-spec.js';

/*
 * Values that are valid keys with wrong meanings: a key check cannot see them, the chart's
 * comments (or the seed's errata) say why they are wrong. One row per rule, per chart.
 */

type Values = Readonly<Record<string, unknown>>;
type RuleFinding = Omit<Finding, 'check' | 'file'>;

interface ValueRule {
  readonly chart: string;
  readonly name: string;
  readonly check: (values: Values) => RuleFinding[];
}

function get(values: Values, path: string): unknown {
  let node: unknown = values;
  for (const part of path.split('.')) node = isPlainObject(node) ? node[part] : undefined;
  return node;
}

/** The pinned Loki chart's renamed deployment modes (values.yaml, `deploymentMode`). */
const LOKI_RENAMED_MODES: Readonly<Record<string, string>> = {
  SingleBinary: 'Monolithic',
  'SingleBinary<->SimpleScalable': 'Monolithic<->SimpleScalable',
};

const RULES: readonly ValueRule[] = [
  {
    chart: 'loki',
    name: 'deprecated deployment mode (E7)',
    check: (v) => {
      const mode = get(v, 'deploymentMode');
      if (typeof mode !== 'string') return [];
      const renamed = LOKI_RENAMED_MODES[mode];
      if (renamed) return [{ severity: 'error', path: 'deploymentMode', message: `"${mode}" is the deprecated name of "${renamed}" in chart loki 18.11.0`, fix: `write deploymentMode: ${renamed}` }];
      if (mode === 'SimpleScalable') return [{ severity: 'warning', path: 'deploymentMode', message: '"SimpleScalable" is deprecated in chart loki 18.11.0 and removed in Loki 4', fix: 'plan a move to Distributed with the same object storage' }];
      return [];
    },
  },
  {
    chart: 'loki',
    name: 'deprecated MinIO subchart (E7)',
    check: (v) =>
      get(v, 'minio.enabled') === true
        ? [{ severity: 'error', path: 'minio.enabled', message: 'the MinIO subchart is deprecated in chart loki 18.11.0 (it needs ignoreMinioDeprecation) and keeps logs in the cluster anyway', fix: 'use deploymentMode: Monolithic with filesystem storage, or Distributed with your own bucket (loki.storage)' }]
        : [],
  },
  {
    chart: 'kube-prometheus-stack',
    name: 'Grafana admin password in values (E5)',
    check: (v) => {
      const out: RuleFinding[] = [];
      for (const path of ['grafana.adminPassword', 'grafana.admin.password']) {
        if (typeof get(v, path) === 'string' && get(v, path) !== '') {
          out.push({ severity: 'error', path, message: 'the Grafana admin password is in the values (the seed\'s "prom-operator" is known to everyone)', fix: 'create a Secret and set grafana.admin.existingSecret with userKey and passwordKey' });
        }
      }
      return out;
    },
  },
  {
    chart: 'kube-prometheus-stack',
    name: 'Grafana sub-path settings agree (E4)',
    check: (v) => {
      const ini = get(v, 'grafana');
      const server = isPlainObject(ini) && isPlainObject(ini['grafana.ini']) ? ini['grafana.ini']['server'] : undefined;
      if (!isPlainObject(server)) return [];
      const url = typeof server['root_url'] === 'string' ? server['root_url'] : undefined;
      const subPath = server['serve_from_sub_path'] === true || server['serve_from_sub_path'] === 'true';
      const hasPath = url !== undefined && /^[a-z]+:\/\/[^/]+\/[^/]/.test(url.replace(/%\(protocol\)s/, 'https').replace(/%\(domain\)s/, 'host'));
      if (subPath && !hasPath) {
        return [{ severity: 'error', path: 'grafana.grafana.ini.server.serve_from_sub_path', message: 'serve_from_sub_path is true but root_url has no sub-path, so every link points at the wrong place', fix: 'set root_url to https://<host>/<sub-path>/, or serve Grafana at / and drop serve_from_sub_path' }];
      }
      if (hasPath && !subPath) {
        return [{ severity: 'error', path: 'grafana.grafana.ini.server.root_url', message: `root_url ${url} has a sub-path but serve_from_sub_path is not true`, fix: 'set serve_from_sub_path: true, or strip the sub-path at the route and keep root_url consistent' }];
      }
      return [];
    },
  },
];

/** Findings of every rule for one chart's rendered values. */
export function valueRuleFindings(chart: string, values: Values): RuleFinding[] {
  return RULES.filter((r) => r.chart === chart).flatMap((r) => r.check(values));
}
