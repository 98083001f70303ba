import { parse as parseYaml } from 'yaml';
import type { RenderedFile } from '../../render/types.js';
import type { Finding } from '../types.js';
import { splitAddress } from '../../render/endpoints.js';
import { CHECK } from './model.js';

/**
 * E11: one trace path. The seed opened an OTLP receiver on Alloy while its trace app sent to the
 * OpenTelemetry Collector, and nothing connected the two. When both are rendered, the Collector
 * must forward to Alloy (apps → Collector → Alloy → Tempo); a Collector that exports nowhere
 * real drops every span.
 */

type Destination = 'alloy' | 'tempo' | 'other';

interface CollectorPath {
  readonly exporters: ReadonlyArray<{ readonly name: string; readonly destination: Destination }>;
}

function destination(settings: unknown): Destination {
  const endpoint = (settings as { endpoint?: unknown } | null)?.endpoint;
  const host = typeof endpoint === 'string' ? (splitAddress(endpoint)?.host ?? '') : '';
  const service = host.split('.')[0] ?? '';
  return /alloy/.test(service) ? 'alloy' : /tempo/.test(service) ? 'tempo' : 'other';
}

/** The Collector's traces pipeline, or undefined when the file has none (or is not YAML). */
function collectorTracePath(content: string): CollectorPath | undefined {
  let config: unknown;
  try {
    config = parseYaml(content);
  } catch {
    return undefined;
  }
  const c = config as { exporters?: Record<string, unknown>; service?: { pipelines?: Record<string, { exporters?: unknown } | null> } } | null;
  const traces = c?.service?.pipelines?.['traces'];
  if (!traces || !Array.isArray(traces.exporters)) return undefined;
  const names = traces.exporters.filter((n): n is string => typeof n === 'string');
  return { exporters: names.map((name) => ({ name, destination: destination(c?.exporters?.[name]) })) };
}

/** Alloy files that open an OTLP receiver (a text check: the Alloy checks report syntax errors). */
function alloyReceivers(files: readonly RenderedFile[]): RenderedFile[] {
  return files.filter((f) => f.kind === 'alloy' && /^\s*otelcol\.receiver\.otlp\s+"/m.test(f.content));
}

/** Findings about how traces travel from the apps to Tempo across the Alloy and Collector files. */
export function checkTracePath(files: readonly RenderedFile[]): Finding[] {
  const out: Finding[] = [];
  const receivers = alloyReceivers(files);
  for (const file of files.filter((f) => f.kind === 'collector')) {
    const path = collectorTracePath(file.content);
    if (!path) {
      out.push({ severity: 'error', check: CHECK, file: file.path, path: 'service.pipelines.traces', message: 'the Collector config has no traces pipeline', fix: 'add service.pipelines.traces with receivers [otlp] and an exporter to Alloy' });
      continue;
    }
    const toAlloy = path.exporters.filter((e) => e.destination === 'alloy');
    const toTempo = path.exporters.filter((e) => e.destination === 'tempo');
    const names = path.exporters.map((e) => e.name).join(', ') || 'none';
    if (toAlloy.length === 0 && toTempo.length === 0) {
      out.push({
        severity: 'error',
        check: CHECK,
        file: file.path,
        path: 'service.pipelines.traces.exporters',
        message: `the Collector receives the apps' traces and sends them nowhere that stores them (exporters: ${names}) (E11)`,
        fix: 'export to Alloy (otlp → <alloy>.<namespace>.svc:4317), or drop the Collector and send apps to Alloy (tracesPath: alloy)',
      });
    }
    if (toAlloy.length > 0 && toTempo.length > 0) {
      out.push({ severity: 'error', check: CHECK, file: file.path, path: 'service.pipelines.traces.exporters', message: `the Collector sends traces both to Alloy and straight to Tempo (${names}): every span is stored twice`, fix: 'keep one path: Collector → Alloy → Tempo' });
    }
    for (const alloy of receivers) {
      if (toAlloy.length > 0) continue;
      out.push({
        severity: 'error',
        check: CHECK,
        file: alloy.path,
        message: `both ${alloy.path} and ${file.path} receive OTLP traces, and the Collector does not forward to Alloy: two receivers with no wiring between them, so apps that use one bypass the other (E11)`,
        fix: "choose one path: tracesPath 'collector' (apps → Collector → Alloy → Tempo) or 'alloy' (apps → Alloy → Tempo, no Collector)",
      });
    }
  }
  return out;
}
