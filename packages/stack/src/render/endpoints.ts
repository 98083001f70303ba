import { parse as parseYaml } from 'yaml';
import type { Block, Statement } from '../alloy/syntax/ast.js';
import { parseAlloy } from '../alloy/syntax/parser.js';
import type { StackConfig } from '../config/types.js';
import { renderAlloyFiles } from './alloy.js';
import type { RenderedFile } from './types.js';

/** One place an Alloy or Collector config sends data to. */
export interface ExporterEndpoint {
  /** The rendered file it is in, e.g. `alloy/config.alloy`. */
  readonly file: string;
  /** The sending component: `loki.write.default`, or `exporters.otlp/alloy` in a Collector config. */
  readonly component: string;
  /** The host as written, e.g. `loki.monitoring.svc`: `<service>.<namespace>.svc` for in-cluster targets. */
  readonly host: string;
  readonly port: number;
  readonly protocol: 'otlp-grpc' | 'otlp-http' | 'loki-push' | 'prometheus-remote-write';
}

type Protocol = ExporterEndpoint['protocol'];

/** Components that send, the block holding the address, its attribute, and what it speaks. */
const ALLOY_SENDERS: Readonly<Record<string, { block: string; attribute: string; protocol: Protocol }>> = {
  'loki.write': { block: 'endpoint', attribute: 'url', protocol: 'loki-push' },
  'prometheus.remote_write': { block: 'endpoint', attribute: 'url', protocol: 'prometheus-remote-write' },
  'otelcol.exporter.otlp': { block: 'client', attribute: 'endpoint', protocol: 'otlp-grpc' },
  'otelcol.exporter.otlphttp': { block: 'client', attribute: 'endpoint', protocol: 'otlp-http' },
};

/** `host:port` or a URL, as the component writes it, split into host and port. */
export function splitAddress(address: string): { host: string; port: number } | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) {
    try {
      const url = new URL(address);
      const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
      return { host: url.hostname, port };
    } catch {
      return undefined;
    }
  }
  const match = /^(.*):(\d+)$/.exec(address);
  return match ? { host: match[1]!, port: Number(match[2]) } : undefined;
}

function stringAttribute(body: readonly Statement[], name: string): string | undefined {
  for (const s of body) if (s.kind === 'attribute' && s.name === name && s.value.kind === 'string') return s.value.value;
  return undefined;
}

function alloyEndpoints(file: RenderedFile): ExporterEndpoint[] {
  const out: ExporterEndpoint[] = [];
  let body: readonly Statement[];
  try {
    body = parseAlloy(file.content).body;
  } catch {
    return out; // validateAlloy reports the syntax error; there is nothing to list.
  }
  for (const statement of body) {
    if (statement.kind !== 'block') continue;
    const sender = ALLOY_SENDERS[statement.name];
    if (!sender) continue;
    const targets = statement.body.filter((s): s is Block => s.kind === 'block' && s.name === sender.block);
    for (const target of targets) {
      const address = stringAttribute(target.body, sender.attribute);
      const split = address !== undefined ? splitAddress(address) : undefined;
      if (split) out.push({ file: file.path, component: `${statement.name}.${statement.label ?? ''}`, ...split, protocol: sender.protocol });
    }
  }
  return out;
}

function collectorEndpoints(file: RenderedFile): ExporterEndpoint[] {
  let config: unknown;
  try {
    config = parseYaml(file.content);
  } catch {
    return [];
  }
  const exporters = (config as { exporters?: Record<string, unknown> } | null)?.exporters ?? {};
  const out: ExporterEndpoint[] = [];
  for (const [name, settings] of Object.entries(exporters)) {
    const type = name.split('/')[0];
    const protocol: Protocol | undefined = type === 'otlp' ? 'otlp-grpc' : type === 'otlphttp' ? 'otlp-http' : type === 'loki' ? 'loki-push' : type === 'prometheusremotewrite' ? 'prometheus-remote-write' : undefined;
    const endpoint = (settings as { endpoint?: unknown } | null)?.endpoint;
    const split = protocol && typeof endpoint === 'string' ? splitAddress(endpoint) : undefined;
    if (protocol && split) out.push({ file: file.path, component: `exporters.${name}`, ...split, protocol });
  }
  return out;
}

/** Every address the Alloy and Collector files among `files` send to, read from the files themselves. */
export function exporterEndpointsInFiles(files: readonly RenderedFile[]): ExporterEndpoint[] {
  return files.flatMap((f) => (f.kind === 'alloy' ? alloyEndpoints(f) : f.kind === 'collector' ? collectorEndpoints(f) : []));
}

/**
 * Every host:port the rendered Alloy and Collector configs send to, for the wiring validator: each
 * must be a Service the rendered stack creates (E10, E11).
 */
export function exporterEndpoints(config: StackConfig): ExporterEndpoint[] {
  return exporterEndpointsInFiles(renderAlloyFiles(config));
}
