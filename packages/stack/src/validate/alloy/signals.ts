import { LOG_SOURCES, SOURCE_LABEL } from '@srcobs/ola';
import { splitAddress } from '../../render/endpoints.js';
import { accessChain, attribute, children, literalString, type Declared, type Findings } from './model.js';

/**
 * Where each kind of data flows. Tempo stores traces only, so metrics that reach a Tempo exporter
 * are lost (E10), and every log stream needs a static `source` label, which the OLA
 * classification selectors key on.
 */

/** The components an expression list points at (`[a.b.c.input, …]` → `['a.b.c', …]`). */
function targets(list: ReturnType<typeof attribute>): string[] {
  if (list?.kind !== 'array') return [];
  return list.elements.map((e) => accessChain(e)?.slice(0, -1).join('.')).filter((id): id is string => id !== undefined);
}

/** Tempo's Services are named after the chart (`tempo`, `tempo-distributor`, `<release>-tempo…`). */
function isTempoHost(host: string): boolean {
  return /tempo/.test(host.split('.')[0] ?? '');
}

function exporterHost(component: Declared): string | undefined {
  const client = children(component.block, 'client')[0];
  const endpoint = client ? literalString(attribute(client, 'endpoint')) : undefined;
  return endpoint !== undefined ? splitAddress(endpoint)?.host : undefined;
}

/** Metrics from span-metrics and service-graph connectors must reach Prometheus, not Tempo (E10). */
export function checkMetricsSinks(declared: readonly Declared[], out: Findings): void {
  const byId = new Map(declared.map((d) => [d.id, d]));
  for (const connector of declared.filter((d) => d.name.startsWith('otelcol.connector.'))) {
    const seen = new Set<string>();
    const queue = children(connector.block, 'output').flatMap((o) => targets(attribute(o, 'metrics')));
    if (queue.length === 0) out.warning(connector.block.pos, `${connector.id} sends its metrics nowhere: they are dropped`, 'add output { metrics = [otelcol.exporter.prometheus.<label>.input] }');
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const next = byId.get(id);
      if (!next) continue; // A dangling reference: resolveReferences reports it.
      if (next.name.startsWith('otelcol.processor.')) {
        queue.push(...children(next.block, 'output').flatMap((o) => targets(attribute(o, 'metrics'))));
        continue;
      }
      const host = next.name === 'otelcol.exporter.otlp' || next.name === 'otelcol.exporter.otlphttp' ? exporterHost(next) : undefined;
      if (host !== undefined && isTempoHost(host)) {
        out.error(
          connector.block.pos,
          `${connector.id} sends metrics to ${next.id} (${host}), which is Tempo: Tempo stores traces, not metrics, so they are lost (E10)`,
          'send them through otelcol.exporter.prometheus to prometheus.remote_write (Prometheus with the remote-write receiver on)',
        );
      }
    }
  }
}

function setsSource(process: Declared): boolean {
  return children(process.block, 'stage.static_labels').some((stage) => {
    const values = attribute(stage, 'values');
    if (values?.kind !== 'object') return false;
    const field = values.fields.find((f) => f.key === SOURCE_LABEL);
    const value = literalString(field?.value);
    return value !== undefined && (LOG_SOURCES as readonly string[]).includes(value);
  });
}

/** Every log source reaches Loki through a `loki.process` that sets a static `source` label. */
export function checkSourceLabels(declared: readonly Declared[], out: Findings): void {
  const byId = new Map(declared.map((d) => [d.id, d]));
  for (const source of declared.filter((d) => d.name.startsWith('loki.source.'))) {
    const seen = new Set<string>();
    const queue = targets(attribute(source.block, 'forward_to'));
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const next = byId.get(id);
      if (!next) continue;
      if (next.name === 'loki.process' && setsSource(next)) continue;
      if (next.name === 'loki.write') {
        out.error(
          source.block.pos,
          `${source.id} reaches ${next.id} without a static \`${SOURCE_LABEL}\` label: the OLA classification cannot tell its lines from others`,
          `add stage.static_labels { values = { ${SOURCE_LABEL} = "<one of ${LOG_SOURCES.join('|')}>" } } to its loki.process`,
        );
        continue;
      }
      queue.push(...targets(attribute(next.block, 'forward_to')));
    }
  }
}
