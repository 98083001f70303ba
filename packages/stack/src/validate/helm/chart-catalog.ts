import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { documentedKeys, templateReadKeys } from './documented-keys.js';
import { indexKeys, isPlainObject, mergeSpecs, setSpecAt, specFromDefaults, specFromSchema } from './key-spec.js';
import type { KeySpec } from './key-spec.js';
import { STORAGE_SPEC } from './kubernetes-keys.js';

/**
 * Places where a chart passes the application's own configuration through verbatim: the chart
 * cannot say which keys exist, so neither can its defaults. Other checks read these (the Alloy
 * and Collector validators, Grafana's own INI reader).
 */
const FREE_FORM_PATHS: Readonly<Record<string, readonly { readonly path: string; readonly why: string }[]>> = {
  'kube-prometheus-stack': [{ path: 'grafana.grafana\u0000ini', why: "Grafana's own INI configuration" }],
  grafana: [{ path: 'grafana\u0000ini', why: "Grafana's own INI configuration" }],
  'opentelemetry-collector': [{ path: 'config', why: 'the Collector configuration (checked by the collector validator)' }],
};

/** Kubernetes types a chart passes through under keys whose default is `{}` (see kubernetes-keys.ts). */
const TYPED_PATHS: Readonly<Record<string, readonly { readonly path: string; readonly spec: KeySpec }[]>> = {
  'kube-prometheus-stack': [
    { path: 'prometheus.prometheusSpec.storageSpec', spec: STORAGE_SPEC },
    { path: 'alertmanager.alertmanagerSpec.storage', spec: STORAGE_SPEC },
  ],
  'tempo-distributed': [],
  tempo: [],
  loki: [],
  alloy: [],
  'opentelemetry-collector': [],
  grafana: [],
};

/** A pinned chart as the validators see it. */
export interface ChartCatalogEntry {
  readonly name: string;
  readonly version: string;
  /** Accepted keys, subcharts included. */
  readonly spec: KeySpec;
  /** key name -> every dotted path where the chart knows it, for "move it to ..." fixes. */
  readonly keyIndex: ReadonlyMap<string, readonly string[]>;
  /** The chart's values.schema.json, when it ships one. */
  readonly schema?: Record<string, unknown>;
  readonly defaults: Record<string, unknown>;
}

const cache = new Map<string, ChartCatalogEntry | undefined>();

/** The chart's folder in the vendor tree. */
export function chartDir(vendorDir: string, name: string, version: string): string {
  return join(vendorDir, 'charts', name, version);
}

function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'));
}

/** A dotted path, where `\0` stands for a dot inside a key (`grafana.ini`). */
function splitPath(path: string): string[] {
  return path.split('.').map((p) => p.replace(/\u0000/g, '.'));
}

/**
 * The chart's spec: defaults, schema, vendored subcharts merged under their key (alias or name),
 * typed and free-form overlays. Undefined when the chart is not vendored.
 */
export function loadChart(vendorDir: string, name: string, version: string): ChartCatalogEntry | undefined {
  const key = `${vendorDir}\u0000${name}\u0000${version}`;
  if (cache.has(key)) return cache.get(key);
  const entry = buildChart(vendorDir, name, version);
  cache.set(key, entry);
  return entry;
}

function buildChart(vendorDir: string, name: string, version: string): ChartCatalogEntry | undefined {
  const dir = chartDir(vendorDir, name, version);
  const valuesPath = join(dir, 'values.yaml');
  if (!existsSync(valuesPath)) return undefined;
  const defaultsRaw: unknown = parse(readFileSync(valuesPath, 'utf8'));
  const defaults = isPlainObject(defaultsRaw) ? defaultsRaw : {};
  const schemaPath = join(dir, 'values.schema.json');
  const schema = existsSync(schemaPath) ? (JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>) : undefined;

  const valuesText = readFileSync(valuesPath, 'utf8');
  let spec: KeySpec = specFromDefaults(defaults);
  spec = addDocumentedKeys(spec, [...documentedKeys(valuesText), ...templateReadKeys(valuesText)]);
  if (schema) spec = mergeSpecs(spec, specFromSchema(schema, schema)) ?? spec;
  if (spec.kind !== 'map') spec = { kind: 'map', keys: new Map() };
  // The root stays closed: a schema's root `additionalProperties` only lets subchart values through.
  const { open: _rootOpen, ...closedRoot } = spec;
  spec = closedRoot;

  for (const dep of dependencies(dir)) {
    const sub = loadChart(vendorDir, dep.name, dep.version);
    const current = spec.kind === 'map' ? spec.keys.get(dep.key) : undefined;
    if (sub) {
      spec = setSpecAt(spec, [dep.key], mergeSpecs(current, sub.spec) ?? sub.spec);
    } else {
      // Not vendored: keys the parent's defaults show are still checked; others cannot be
      // (unless the parent's schema already leaves the section free).
      if (current?.kind === 'free' && !current.weak) continue;
      const base = current?.kind === 'map' ? current : { kind: 'map' as const, keys: new Map<string, KeySpec>() };
      spec = setSpecAt(spec, [dep.key], { ...base, unverified: `subchart ${dep.name} ${dep.version} is not vendored` });
    }
  }
  for (const t of TYPED_PATHS[name] ?? []) spec = setSpecAt(spec, splitPath(t.path), t.spec);
  for (const f of FREE_FORM_PATHS[name] ?? []) spec = setSpecAt(spec, splitPath(f.path), { kind: 'free', why: f.why });

  return { name, version, spec, keyIndex: indexKeys(spec), ...(schema ? { schema } : {}), defaults };
}

interface Dependency {
  readonly name: string;
  readonly version: string;
  /** Where the subchart's values live in the parent's values: its alias, else its name. */
  readonly key: string;
}

function dependencies(dir: string): Dependency[] {
  const chartYaml = join(dir, 'Chart.yaml');
  if (!existsSync(chartYaml)) return [];
  const chart = readYaml(chartYaml);
  const deps = isPlainObject(chart) && Array.isArray(chart['dependencies']) ? chart['dependencies'] : [];
  return deps.filter(isPlainObject).map((d) => ({
    name: String(d['name']),
    version: String(d['version']),
    key: String(d['alias'] ?? d['name']),
  }));
}

const DOCUMENTED: KeySpec = { kind: 'free', why: 'documented in a comment of the chart defaults', weak: true };

/**
 * Adds keys documented in comments or read by the chart's templates, under maps the defaults
 * define: the first missing key of a path becomes free (what lies below it is not documented).
 */
function addDocumentedKeys(spec: KeySpec, paths: readonly string[][]): KeySpec {
  let out = spec;
  for (const path of paths) {
    let node: KeySpec | undefined = out;
    for (let i = 0; i < path.length && node?.kind === 'map'; i++) {
      const key = path[i] as string;
      const child: KeySpec | undefined = node.keys.get(key);
      if (!child) {
        out = setSpecAt(out, path.slice(0, i + 1), DOCUMENTED);
        break;
      }
      node = child;
    }
  }
  return out;
}
