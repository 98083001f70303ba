import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { ErrorBox, Loading } from '../components/feedback.js';
import { PALETTE } from '../components/time-chart.js';
import { useAsync } from '../components/use-async.js';
import { api } from '../lib/api.js';
import { formatMs, formatNsTime } from '../lib/format.js';
import { traceLogsQuery } from '../lib/logs.js';
import { attrText, spansOfTrace, type Attr, type TraceSpan } from '../lib/otlp.js';
import { latencyQuery } from '../lib/red-queries.js';
import { link } from '../lib/url-state.js';
import { layoutWaterfall, servicesOf, type WaterfallRow } from '../lib/waterfall.js';
import { Link } from '../router.js';

/** Margin around the trace for its logs and metrics: lines are written a little before and after the spans. */
const AROUND_MS = 60_000;

/** One trace: the waterfall of both services' spans, span details, and the way on to its logs and metrics. */
export function TraceView({ traceId }: { traceId: string }): JSX.Element {
  const result = useAsync(async (signal) => spansOfTrace(await api.tempoTrace(traceId, signal)), [traceId]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">
        Trace <span class="mono">{traceId}</span>
      </h1>
      {result.status === 'loading' ? <Loading what="the trace" /> : result.status === 'error' ? <ErrorBox error={result.error} /> : <TraceBody traceId={traceId} spans={result.value} />}
    </section>
  );
}

function TraceBody({ traceId, spans }: { traceId: string; spans: readonly TraceSpan[] }): JSX.Element {
  const waterfall = useMemo(() => layoutWaterfall(spans), [spans]);
  const [selected, setSelected] = useState<string | undefined>(waterfall.rows[0]?.span.spanId);
  const services = servicesOf(spans);
  const startMs = Number(waterfall.startNs / 1_000_000n);
  const endMs = Number(waterfall.endNs / 1_000_000n);
  const root = waterfall.rows[0]?.span;
  const rootService = root?.service ?? services[0] ?? '';
  const logsHref = link('/explore/logs', { q: traceLogsQuery(traceId, services), from: String(startMs - AROUND_MS), to: String(endMs + AROUND_MS) });
  const metricsHref = link('/explore/metrics', { q: latencyQuery(0.99, ['route'], rootService), from: String(startMs - 30 * 60_000), to: String(Math.min(Date.now(), endMs + 30 * 60_000)) });
  const selectedRow = waterfall.rows.find((r) => r.span.spanId === selected);
  return (
    <div>
      <div class="trace-summary">
        <p>
          {root ? `${root.service}: ${root.name}` : 'No spans'} · {formatMs(waterfall.durationMs)} · {spans.length} spans · started {root ? formatNsTime(waterfall.startNs) : ''}
        </p>
        <ul class="service-legend" aria-label="Services">
          {waterfall.services.map((s, i) => (
            <li>
              <span class="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
              {s} ({spans.filter((sp) => sp.service === s).length})
            </li>
          ))}
        </ul>
        <div class="actions">
          <Link class="button" href={logsHref}>
            Logs for this trace
          </Link>
          <Link class="button" href={metricsHref}>
            Metrics for {rootService}
          </Link>
        </div>
      </div>
      <div class="trace-layout">
        <ol class="waterfall" aria-label="Spans, nested by parent">
          {waterfall.rows.map((r) => (
            <SpanRow row={r} selected={r.span.spanId === selected} onSelect={() => setSelected(r.span.spanId)} />
          ))}
        </ol>
        {selectedRow && <SpanDetails span={selectedRow.span} traceStartNs={waterfall.startNs} />}
      </div>
    </div>
  );
}

function SpanRow({ row, selected, onSelect }: { row: WaterfallRow; selected: boolean; onSelect: () => void }): JSX.Element {
  const colour = PALETTE[row.serviceIndex % PALETTE.length];
  const s = row.span;
  return (
    <li class={`span-row${selected ? ' selected' : ''}${s.status === 'error' ? ' error' : ''}`} data-service={s.service} data-depth={row.depth}>
      <button type="button" class="span-button" aria-pressed={selected} onClick={onSelect} aria-label={`${s.service} ${s.name}, ${formatMs(row.durationMs)}${s.status === 'error' ? ', error' : ''}`}>
        <span class="span-name" style={{ paddingLeft: `${row.depth * 14}px` }}>
          <span class="swatch" style={{ background: colour }} />
          <span class="span-service">{s.service}</span> {s.name}
          {row.orphan && <span class="muted"> (parent not received)</span>}
        </span>
        <span class="span-track">
          <span class="span-bar" style={{ left: `${row.offset * 100}%`, width: `${row.width * 100}%`, background: colour }} />
          <span class={`span-duration${row.offset + row.width > 0.85 ? ' inside' : ''}`} style={row.offset + row.width > 0.85 ? { right: `${(1 - row.offset - row.width) * 100}%` } : { left: `${(row.offset + row.width) * 100}%` }}>
            {formatMs(row.durationMs)}
          </span>
        </span>
      </button>
    </li>
  );
}

function AttrTable({ title, attrs }: { title: string; attrs: readonly Attr[] }): JSX.Element | null {
  if (attrs.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <table class="attr-table">
        <tbody>
          {attrs.map((a) => (
            <tr>
              <th scope="row">{a.key}</th>
              <td class="mono">{attrText(a.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function SpanDetails({ span, traceStartNs }: { span: TraceSpan; traceStartNs: bigint }): JSX.Element {
  const durMs = Number(span.endNs - span.startNs) / 1e6;
  return (
    <aside class="span-details" aria-label="Span details">
      <h2>{span.name}</h2>
      <dl class="facts">
        <dt>Service</dt>
        <dd>{span.service}</dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Status</dt>
        <dd class={span.status === 'error' ? 'bad' : ''}>
          {span.status}
          {span.statusMessage ? `: ${span.statusMessage}` : ''}
        </dd>
        <dt>Duration</dt>
        <dd>{formatMs(durMs)}</dd>
        <dt>Starts at</dt>
        <dd>+{formatMs(Number(span.startNs - traceStartNs) / 1e6)}</dd>
        <dt>Span id</dt>
        <dd class="mono">{span.spanId}</dd>
        <dt>Parent</dt>
        <dd class="mono">{span.parentSpanId || 'none (root)'}</dd>
        <dt>Scope</dt>
        <dd>{span.scope}</dd>
      </dl>
      <AttrTable title="Attributes" attrs={span.attributes} />
      {span.events.length > 0 && (
        <>
          <h3>Events</h3>
          <ul class="events">
            {span.events.map((e) => (
              <li>
                +{formatMs(Number(e.timeNs - span.startNs) / 1e6)} <strong>{e.name}</strong>
                {e.attributes.length > 0 && <span class="mono"> {e.attributes.map((a) => `${a.key}=${attrText(a.value)}`).join(' ')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {span.links.length > 0 && (
        <>
          <h3>Links</h3>
          <ul>
            {span.links.map((l) => (
              <li>
                <Link href={`/traces/${l.traceId}`} class="trace-link mono">
                  {l.traceId.slice(0, 16)} / {l.spanId}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <AttrTable title="Resource" attrs={span.resource} />
    </aside>
  );
}
