import { parse } from 'yaml';
import type { RenderedFile } from '../../render/types.js';
import { chartServices } from '../chart-services.js';
import type { KnownService } from '../chart-services.js';
import { chartReleases } from '../chart-values.js';
import type { ChartRelease } from '../chart-values.js';
import { dig, isRecord, list, manifestObjects, objectRef, stringMap } from '../objects.js';
import type { ManifestObject } from '../objects.js';

/** A container of a rendered workload: its named ports and literal environment. */
export interface ContainerInfo {
  readonly name: string;
  readonly ports: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env: Readonly<Record<string, string>>;
}

/** A rendered Deployment, StatefulSet or DaemonSet, as far as wiring needs it. */
export interface WorkloadInfo {
  readonly object: ManifestObject;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerInfo[];
}

/** Everything the rendered stack creates, in one place for the wiring checks. */
export interface Inventory {
  readonly objects: readonly ManifestObject[];
  readonly releases: readonly ChartRelease[];
  /** Every Service: the rendered ones (with labels) and the ones the charts create. */
  readonly services: readonly KnownService[];
  readonly workloads: readonly WorkloadInfo[];
  /** The release of `chart`, when the stack installs it. */
  release(chart: string): ChartRelease | undefined;
  service(name: string, namespace: string): KnownService | undefined;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function servicePorts(object: ManifestObject): KnownService['ports'] {
  return list(dig(object.body, 'spec', 'ports')).flatMap((p) => {
    const port = dig(p, 'port');
    const name = dig(p, 'name');
    return typeof port === 'number' ? [{ ...(typeof name === 'string' ? { name } : {}), port }] : [];
  });
}

function containers(object: ManifestObject): ContainerInfo[] {
  return list(dig(object.body, 'spec', 'template', 'spec', 'containers')).map((c) => ({
    name: String(dig(c, 'name') ?? ''),
    ports: list(dig(c, 'ports')).flatMap((p) => {
      const containerPort = dig(p, 'containerPort');
      const name = dig(p, 'name');
      return typeof containerPort === 'number' ? [{ ...(typeof name === 'string' ? { name } : {}), containerPort }] : [];
    }),
    env: Object.fromEntries(list(dig(c, 'env')).flatMap((e) => (typeof dig(e, 'name') === 'string' && typeof dig(e, 'value') === 'string' ? [[String(dig(e, 'name')), String(dig(e, 'value'))]] : []))),
  }));
}

/**
 * The OpenTelemetry Collector's configuration lives in its chart values (`config:`); as a
 * `collector` file it can be read by the same endpoint extraction as a rendered one.
 */
export function collectorConfigFiles(releases: readonly ChartRelease[], files: readonly RenderedFile[]): RenderedFile[] {
  if (files.some((f) => f.kind === 'collector')) return [];
  return releases.flatMap((r) => (r.chart === 'opentelemetry-collector' && isRecord(r.values['config']) ? [{ path: r.file, kind: 'collector' as const, content: JSON.stringify(r.values['config']) }] : []));
}

/** Builds the inventory of `files` (chart defaults read from `vendorDir`). */
export function buildInventory(files: readonly RenderedFile[], vendorDir: string): Inventory {
  const { objects } = manifestObjects(files);
  const releases = chartReleases(files, vendorDir);
  const rendered: KnownService[] = objects
    .filter((o) => o.kind === 'Service' && o.apiVersion === 'v1')
    .map((o) => ({
      name: o.name,
      namespace: o.namespace ?? 'default',
      ports: servicePorts(o),
      origin: `${o.file} (${objectRef(o)})`,
      labels: stringMap(dig(o.body, 'metadata', 'labels')),
      selector: stringMap(dig(o.body, 'spec', 'selector')),
    }));
  const services = [...rendered, ...chartServices(releases)];
  const workloads = objects
    .filter((o) => WORKLOAD_KINDS.has(o.kind))
    .map((object) => ({ object, podLabels: stringMap(dig(object.body, 'spec', 'template', 'metadata', 'labels')), containers: containers(object) }));
  return {
    objects,
    releases,
    services,
    workloads,
    release: (chart) => releases.find((r) => r.chart === chart),
    service: (name, namespace) => services.find((s) => s.name === name && s.namespace === namespace),
  };
}

/** A YAML or JSON document, or undefined when it is neither. */
export function parseDocument(text: string): unknown {
  // Dashboards are large JSON documents: the JSON parser is many times faster than YAML's.
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // YAML flow syntax also starts with a brace: let the YAML parser decide.
    }
  }
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}
