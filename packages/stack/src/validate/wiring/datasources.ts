import { dig, isRecord, list, objectRef, stringMap } from '../objects.js';
import type { ServiceRole } from '../chart-services.js';
import type { Finding } from '../types.js';
import { chartFullname } from '../chart-services.js';
import type { Inventory } from './inventory.js';
import { parseDocument } from './inventory.js';
import { serviceTarget, targetProblem } from './resolve.js';

const CHECK = 'wiring';

/** A data source Grafana will provision, from a sidecar ConfigMap or the chart's values. */
interface Datasource {
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly url: string | undefined;
  readonly isDefault: boolean;
  readonly jsonData: unknown;
  readonly file: string;
  readonly path: string;
}

/** Which chart Service role a data source of each type must point at (E12). */
const ROLE_OF_TYPE: Readonly<Record<string, ServiceRole>> = { prometheus: 'prometheus', loki: 'loki-query', tempo: 'tempo-query', alertmanager: 'alertmanager' };
const TYPE_NAMES: Readonly<Record<string, string>> = { prometheus: 'Prometheus', loki: 'Loki', tempo: 'Tempo', alertmanager: 'Alertmanager' };

function sidecarLabel(inventory: Inventory, kind: 'datasources' | 'dashboards'): { key: string; value: string; searchNamespace: unknown } {
  const sidecar = dig(inventory.release('kube-prometheus-stack')?.values, 'grafana', 'sidecar', kind);
  const key = dig(sidecar, 'label');
  const value = dig(sidecar, 'labelValue');
  return { key: typeof key === 'string' ? key : kind === 'datasources' ? 'grafana_datasource' : 'grafana_dashboard', value: typeof value === 'string' ? value : '1', searchNamespace: dig(sidecar, 'searchNamespace') };
}

function toDatasource(raw: unknown, file: string, path: string): Datasource | undefined {
  if (!isRecord(raw)) return undefined;
  return {
    uid: String(raw['uid'] ?? ''),
    name: String(raw['name'] ?? ''),
    type: String(raw['type'] ?? ''),
    url: typeof raw['url'] === 'string' ? raw['url'] : undefined,
    isDefault: raw['isDefault'] === true,
    jsonData: raw['jsonData'],
    file,
    path,
  };
}

/** Strings anywhere under `value` with `${` that Grafana's provisioning loader would expand from its environment. */
function unescapedVariables(value: unknown, path: string): string[] {
  if (typeof value === 'string') return /(^|[^$])\$\{/.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unescapedVariables(v, `${path}[${i}]`));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => unescapedVariables(v, `${path}.${k}`));
  return [];
}

/** Every provisioned data source: sidecar ConfigMaps, `additionalDataSources`, and the chart's own default. */
function datasources(inventory: Inventory, findings: Finding[]): Datasource[] {
  const out: Datasource[] = [];
  const label = sidecarLabel(inventory, 'datasources');
  const kps = inventory.release('kube-prometheus-stack');
  for (const object of inventory.objects) {
    if (object.kind !== 'ConfigMap' || stringMap(dig(object.body, 'metadata', 'labels'))[label.key] !== label.value) continue;
    if (kps && object.namespace !== kps.namespace && label.searchNamespace !== 'ALL') {
      findings.push({ severity: 'error', check: CHECK, file: object.file, path: objectRef(object), message: `${objectRef(object)} is not in Grafana's namespace "${kps.namespace}", where the data-source sidecar looks` });
    }
    for (const [key, text] of Object.entries(isRecord(dig(object.body, 'data')) ? (dig(object.body, 'data') as Record<string, unknown>) : {})) {
      list(dig(parseDocument(String(text)), 'datasources')).forEach((raw, i) => {
        const ds = toDatasource(raw, object.file, `${objectRef(object)}:data.${key}.datasources[${i}]`);
        if (ds) out.push(ds);
        for (const at of unescapedVariables(dig(raw, 'jsonData'), 'jsonData')) {
          findings.push({ severity: 'error', check: CHECK, file: object.file, path: `${objectRef(object)}:data.${key}.datasources[${i}].${at}`, message: `"\${…}" in a provisioning file is replaced from Grafana's environment when it loads, so this link loses its variable`, fix: 'write $${…} (Grafana turns $$ back into $)' });
        }
      });
    }
  }
  if (!kps) return out;
  const grafana = dig(kps.values, 'grafana');
  list(dig(grafana, 'additionalDataSources')).forEach((raw, i) => {
    const ds = toDatasource(raw, kps.file, `grafana.additionalDataSources[${i}]`);
    if (ds) out.push(ds);
  });
  const sidecar = dig(grafana, 'sidecar', 'datasources');
  if (dig(grafana, 'enabled') !== false && dig(sidecar, 'enabled') !== false && dig(sidecar, 'defaultDatasourceEnabled') !== false) {
    const fullname = chartFullname(kps.release, kps.values, 'kube-prometheus-stack', 26);
    const port = dig(kps.values, 'prometheus', 'service', 'port');
    out.push({
      uid: String(dig(sidecar, 'uid') ?? 'prometheus'),
      name: String(dig(sidecar, 'name') ?? 'Prometheus'),
      type: 'prometheus',
      url: `http://${fullname}-prometheus.${kps.namespace}:${typeof port === 'number' ? port : 9090}/`,
      isDefault: dig(sidecar, 'isDefaultDatasource') !== false,
      jsonData: {},
      file: kps.file,
      path: 'grafana.sidecar.datasources (the chart\'s default Prometheus data source)',
    });
  }
  return out;
}

function at(ds: Datasource, message: string, fix?: string, path?: string): Finding {
  return { severity: 'error', check: CHECK, file: ds.file, path: path ? `${ds.path}.${path}` : ds.path, message, ...(fix ? { fix } : {}) };
}

/** The data source's URL reaches a Service of the right component on a port it opens (E12). */
function urlFindings(inventory: Inventory, ds: Datasource, grafanaNamespace: string): Finding[] {
  const role = ROLE_OF_TYPE[ds.type];
  if (!role || !ds.url) return [];
  const target = serviceTarget(ds.url, grafanaNamespace);
  if (!target) return [];
  const label = `${TYPE_NAMES[ds.type] ?? ds.type} data source "${ds.name}" (${ds.url})`;
  const problem = targetProblem(inventory, target);
  if (problem) {
    // E12: the seed pointed Grafana at Tempo on Loki's port.
    const hint = ds.type === 'tempo' && target.port === 3100 ? "Tempo's HTTP API listens on 3200; 3100 is Loki's port (E12). " : '';
    return [at(ds, `${label}: ${problem.message}`, `${hint}${problem.fix ?? ''}`.trim() || undefined, 'url')];
  }
  const service = inventory.service(target.name, target.namespace);
  if (service?.roles && !service.roles.includes(role)) {
    return [at(ds, `${label} points at ${service.namespace}/${service.name} (${service.origin}), which does not serve ${TYPE_NAMES[ds.type]} queries`, `point it at a Service of the ${TYPE_NAMES[ds.type]} release`, 'url')];
  }
  return [];
}

/** A link's target: present, and of the type the link needs. */
function linkFinding(ds: Datasource, byUid: ReadonlyMap<string, Datasource>, uid: unknown, type: string, path: string): Finding[] {
  if (typeof uid !== 'string') return [];
  const target = byUid.get(uid);
  if (!target) return [at(ds, `data source "${ds.name}" links to UID "${uid}", which no provisioned data source has`, `provisioned UIDs: ${[...byUid.keys()].join(', ')}`, path)];
  if (target.type !== type) return [at(ds, `data source "${ds.name}" links to "${uid}" (${target.type}) where a ${TYPE_NAMES[type]} data source is needed`, undefined, path)];
  return [];
}

/** E13: the correlations between traces, logs and metrics exist and point at the right data sources. */
function correlationFindings(all: readonly Datasource[]): Finding[] {
  const byUid = new Map(all.map((d) => [d.uid, d] as const));
  const has = (type: string): boolean => all.some((d) => d.type === type);
  const findings: Finding[] = [];
  for (const ds of all) {
    const j = ds.jsonData;
    if (ds.type === 'tempo') {
      findings.push(...linkFinding(ds, byUid, dig(j, 'tracesToLogsV2', 'datasourceUid'), 'loki', 'jsonData.tracesToLogsV2.datasourceUid'));
      findings.push(...linkFinding(ds, byUid, dig(j, 'tracesToMetrics', 'datasourceUid'), 'prometheus', 'jsonData.tracesToMetrics.datasourceUid'));
      findings.push(...linkFinding(ds, byUid, dig(j, 'serviceMap', 'datasourceUid'), 'prometheus', 'jsonData.serviceMap.datasourceUid'));
      findings.push(...linkFinding(ds, byUid, dig(j, 'lokiSearch', 'datasourceUid'), 'loki', 'jsonData.lokiSearch.datasourceUid'));
      if (has('loki') && dig(j, 'tracesToLogsV2', 'datasourceUid') === undefined) findings.push(at(ds, `Tempo data source "${ds.name}" has no trace-to-logs link (E13)`, 'set jsonData.tracesToLogsV2 { datasourceUid: <Loki UID>, … }', 'jsonData'));
      if (has('prometheus') && dig(j, 'tracesToMetrics', 'datasourceUid') === undefined) findings.push(at(ds, `Tempo data source "${ds.name}" has no trace-to-metrics link (E13)`, 'set jsonData.tracesToMetrics { datasourceUid: <Prometheus UID>, queries: [...] }', 'jsonData'));
      if (has('prometheus') && dig(j, 'serviceMap', 'datasourceUid') === undefined) findings.push(at(ds, `Tempo data source "${ds.name}" has no service map (E13)`, 'set jsonData.serviceMap.datasourceUid to the Prometheus UID', 'jsonData'));
    }
    if (ds.type === 'loki') {
      const fields = list(dig(j, 'derivedFields'));
      fields.forEach((f, i) => findings.push(...linkFinding(ds, byUid, dig(f, 'datasourceUid'), 'tempo', `jsonData.derivedFields[${i}].datasourceUid`)));
      if (has('tempo') && !fields.some((f) => byUid.get(String(dig(f, 'datasourceUid')))?.type === 'tempo')) {
        findings.push(at(ds, `Loki data source "${ds.name}" has no derived field linking trace ids to Tempo (E13)`, 'add jsonData.derivedFields [{ name: "TraceID", matcherRegex: …, url: "$${__value.raw}", datasourceUid: <Tempo UID> }]', 'jsonData'));
      }
    }
    if (ds.type === 'prometheus') {
      const destinations = list(dig(j, 'exemplarTraceIdDestinations'));
      destinations.forEach((d, i) => findings.push(...linkFinding(ds, byUid, dig(d, 'datasourceUid'), 'tempo', `jsonData.exemplarTraceIdDestinations[${i}].datasourceUid`)));
      if (has('tempo') && destinations.length === 0) {
        findings.push(at(ds, `Prometheus data source "${ds.name}" does not link exemplars to Tempo (E13)`, 'set jsonData.exemplarTraceIdDestinations [{ name: "trace_id", datasourceUid: <Tempo UID> }]', 'jsonData'));
      }
    }
  }
  return findings;
}

/** UIDs of the data sources Grafana has without provisioning. */
const BUILT_IN = new Set(['-- Grafana --', '-- Mixed --', '-- Dashboard --', 'grafana']);

/** Dashboards: in ConfigMaps the sidecar loads, querying only provisioned data sources. */
function dashboardFindings(inventory: Inventory, all: readonly Datasource[], files: readonly { path: string; kind: string; content: string }[]): Finding[] {
  const uids = new Set(all.map((d) => d.uid));
  const findings: Finding[] = [];
  const label = sidecarLabel(inventory, 'dashboards');
  const kps = inventory.release('kube-prometheus-stack');
  const check = (dashboard: unknown, file: string, prefix: string): void => {
    const panels = list(dig(dashboard, 'panels')).flatMap((p) => [p, ...list(dig(p, 'panels'))]);
    const refs: [string, unknown][] = [
      ...panels.flatMap((p): [string, unknown][] => [[`panel "${String(dig(p, 'title'))}"`, dig(p, 'datasource')], ...list(dig(p, 'targets')).map((t): [string, unknown] => [`panel "${String(dig(p, 'title'))}" target ${String(dig(t, 'refId'))}`, dig(t, 'datasource')])]),
      ...list(dig(dashboard, 'templating', 'list')).map((v): [string, unknown] => [`variable $${String(dig(v, 'name'))}`, dig(v, 'datasource')]),
    ];
    for (const [where, ref] of refs) {
      const uid = dig(ref, 'uid');
      if (typeof uid !== 'string' || BUILT_IN.has(uid) || uid.startsWith('$')) continue;
      if (!uids.has(uid)) findings.push({ severity: 'error', check: CHECK, file, path: `${prefix}${where}`, message: `${where} queries data source UID "${uid}", which is not provisioned: the panel shows "data source not found"`, fix: `provisioned UIDs: ${[...uids].join(', ')}` });
    }
  };
  for (const file of files) if (file.kind === 'dashboard') check(parseDocument(file.content), file.path, '');
  const searchAll = label.searchNamespace === 'ALL';
  for (const object of inventory.objects.filter((o) => o.kind === 'ConfigMap')) {
    const labels = stringMap(dig(object.body, 'metadata', 'labels'));
    const data = dig(object.body, 'data');
    if (!isRecord(data)) continue;
    const dashboards = Object.entries(data).filter(([, text]) => typeof text === 'string' && /"schemaVersion"/.test(text) && /"panels"/.test(text));
    if (dashboards.length === 0) continue;
    if (labels[label.key] !== label.value) {
      findings.push({ severity: 'error', check: CHECK, file: object.file, path: objectRef(object), message: `${objectRef(object)} holds a dashboard but is not labelled ${label.key}=${label.value}: Grafana's sidecar never loads it` });
    }
    if (kps && !searchAll && object.namespace !== kps.namespace) {
      findings.push({ severity: 'error', check: CHECK, file: object.file, path: objectRef(object), message: `${objectRef(object)} is outside Grafana's namespace and the dashboard sidecar does not search all namespaces`, fix: 'set grafana.sidecar.dashboards.searchNamespace: ALL or move the ConfigMap' });
    }
    for (const [key, text] of dashboards) check(parseDocument(String(text)), object.file, `${objectRef(object)}:data.${key} `);
  }
  return findings;
}

/** Data sources (E12, E13) and the dashboards that query them. */
export function datasourceFindings(inventory: Inventory, files: readonly { path: string; kind: string; content: string }[]): Finding[] {
  const findings: Finding[] = [];
  const all = datasources(inventory, findings);
  const grafanaNamespace = inventory.release('kube-prometheus-stack')?.namespace ?? 'default';
  const seen = new Map<string, Datasource>();
  for (const ds of all) {
    const earlier = seen.get(ds.uid);
    if (earlier) findings.push(at(ds, `data source UID "${ds.uid}" is provisioned twice (also ${earlier.path} in ${earlier.file}): Grafana keeps one and links break`, ds.path.startsWith('grafana.sidecar') ? 'set grafana.sidecar.datasources.defaultDatasourceEnabled: false' : 'give each data source its own UID'));
    else seen.set(ds.uid, ds);
    findings.push(...urlFindings(inventory, ds, grafanaNamespace));
  }
  const defaults = all.filter((d) => d.isDefault);
  if (defaults.length > 1) findings.push(at(defaults[1] as Datasource, `${defaults.length} data sources are marked isDefault (${defaults.map((d) => d.name).join(', ')}): Grafana refuses to provision more than one`));
  findings.push(...correlationFindings(all), ...dashboardFindings(inventory, all, files));
  return findings;
}
