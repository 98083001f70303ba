/**
 * The seed's literal Alloy configs, cut out of the design document (`../shared/seed/*.txt`) for
 * the errata tests (E9, E10, E11). The document's export damaged them in two ways, both undone
 * here and nothing else: the pod pipeline is split over two code fences (the first closes
 * `discovery.relabel`, the second re-opens it mid-block), and the trace snippet starts with a
 * `... previous config` placeholder and ends with one `}` too many.
 */
export interface SeedAlloy {
  /** discovery.kubernetes → discovery.relabel → loki.source.kubernetes → loki.process → loki.write. */
  readonly podLogs: string;
  /** otelcol.exporter.otlp, otelcol.connector.servicegraph, otelcol.receiver.otlp. */
  readonly traces: string;
}

function dedent(lines: readonly string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return `${lines.map((l) => l.slice(cut)).join('\n')}\n`;
}

/** The code fence that starts after `from` in `lines`, as its inner lines, and where it ends. */
function fence(lines: readonly string[], from: number): { body: string[]; end: number } {
  const start = lines.findIndex((l, i) => i >= from && l.trim() === '```');
  const end = lines.findIndex((l, i) => i > start && l.trim() === '```');
  if (start < 0 || end < 0) throw new Error('the seed has no code fence where expected');
  return { body: lines.slice(start + 1, end), end };
}

function afterContent(body: readonly string[]): string[] {
  const at = body.findIndex((l) => l.trim() === 'content: |-');
  if (at < 0) throw new Error('the seed snippet has no `content: |-`');
  return body.slice(at + 1);
}

/** Extracts the two Alloy snippets from the seed document's text. */
export function seedAlloy(seed: string): SeedAlloy {
  const lines = seed.split('\n');
  const podStart = lines.findIndex((l) => l.includes('loki.write "default" {'));
  const first = fence(lines, podStart - 5);
  const second = fence(lines, first.end + 1);
  const head = afterContent(first.body);
  // The first fence ends with the `}` closing discovery.relabel; the second fence continues its rules.
  const closing = head.map((l) => l.trim()).lastIndexOf('}');
  const podLogs = dedent([...head.slice(0, closing), ...second.body.filter((l) => l.trim() !== '')]);

  const traceStart = lines.findIndex((l) => l.includes('otelcol.exporter.otlp "tempoExporter"'));
  const traceFence = fence(lines, traceStart - 12);
  const traceBody = afterContent(traceFence.body).filter((l) => l.trim() !== '... previous config');
  const last = traceBody.map((l) => l.trim()).lastIndexOf('}');
  return { podLogs, traces: dedent(traceBody.slice(0, last)) };
}
