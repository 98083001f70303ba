import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RenderedFile } from '../render/types.js';
import { isRecord } from './objects.js';

/**
 * Subcharts whose defaults sit under a key of their parent's values (kube-prometheus-stack's
 * `grafana:` is the grafana chart's values). Only the ones vendored in `charts/` are listed.
 */
const SUBCHARTS: Readonly<Record<string, readonly { key: string; chart: string; version: string }[]>> = {
  'kube-prometheus-stack': [{ key: 'grafana', chart: 'grafana', version: '12.11.1' }],
};

/** One Helm release of the rendered stack, with the values Helm would compute for it. */
export interface ChartRelease {
  readonly file: string;
  readonly chart: string;
  readonly version: string;
  readonly release: string;
  readonly namespace: string;
  /** The chart's defaults (from the vendored values.yaml, when present) with the rendered values merged over them. */
  readonly values: Readonly<Record<string, unknown>>;
  /** False when the chart's default values.yaml is not in the vendor folder: `values` then holds only the rendered keys. */
  readonly defaultsKnown: boolean;
}

const defaultsCache = new Map<string, Record<string, unknown> | undefined>();

function chartDefaults(vendorDir: string, chart: string, version: string): Record<string, unknown> | undefined {
  const path = join(vendorDir, 'charts', chart, version, 'values.yaml');
  if (!defaultsCache.has(path)) {
    const parsed: unknown = existsSync(path) ? parse(readFileSync(path, 'utf8')) : undefined;
    defaultsCache.set(path, isRecord(parsed) ? parsed : undefined);
  }
  return defaultsCache.get(path);
}

/**
 * Helm's coalescing of values: maps merge key by key, anything else (lists included) is replaced,
 * and an explicit `null` deletes the default.
 */
export function mergeValues(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else if (isRecord(value) && isRecord(out[key])) out[key] = mergeValues(out[key] as Record<string, unknown>, value);
    else out[key] = value;
  }
  return out;
}

/**
 * The releases of the rendered stack: one per `helm-values` file, its values merged over the
 * pinned chart's defaults (and subchart defaults), so checks read what Helm would render.
 */
export function chartReleases(files: readonly RenderedFile[], vendorDir: string): ChartRelease[] {
  const releases: ChartRelease[] = [];
  for (const file of files) {
    if (file.kind !== 'helm-values' || !file.chart) continue;
    const parsed: unknown = parse(file.content);
    const rendered = isRecord(parsed) ? parsed : {};
    let defaults = chartDefaults(vendorDir, file.chart.name, file.chart.version);
    const defaultsKnown = defaults !== undefined;
    defaults = defaults ?? {};
    for (const sub of SUBCHARTS[file.chart.name] ?? []) {
      const subDefaults = chartDefaults(vendorDir, sub.chart, sub.version);
      if (subDefaults) defaults = { ...defaults, [sub.key]: mergeValues(subDefaults, isRecord(defaults[sub.key]) ? (defaults[sub.key] as Record<string, unknown>) : {}) };
    }
    releases.push({
      file: file.path,
      chart: file.chart.name,
      version: file.chart.version,
      release: file.chart.release,
      namespace: file.chart.namespace,
      values: mergeValues(defaults, rendered),
      defaultsKnown,
    });
  }
  return releases;
}
