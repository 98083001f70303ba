import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { CodeEditor } from '../components/code-editor.js';
import { ExemplarList } from '../components/exemplar-list.js';
import { Empty, ErrorBox, Loading } from '../components/feedback.js';
import { SeriesTable } from '../components/series-table.js';
import { TimeChart } from '../components/time-chart.js';
import { TimePicker } from '../components/time-picker.js';
import { useAsync } from '../components/use-async.js';
import { api, authFetch } from '../lib/api.js';
import { exemplarPoints } from '../lib/exemplars.js';
import { latencyQuery, requestRateQuery } from '../lib/red-queries.js';
import { alignMatrix, tableRows, type QueryData } from '../lib/series.js';
import { autoStepSeconds, parseDuration, rateIntervalSeconds, resolveRange } from '../lib/time-range.js';
import { interpolate } from '../lib/variables.js';
import { navigate, useUrlState } from '../router.js';

const DEFAULTS = { q: '', from: 'now-15m', to: 'now', step: '', view: 'graph' };

const EXAMPLES = [
  { label: 'Requests per second by service', q: requestRateQuery(['job']) },
  { label: 'p99 latency by service and route', q: latencyQuery(0.99, ['job', 'route']) },
  { label: 'Scrape targets up', q: 'up' },
];

/** Explore metrics: a PromQL query over a range, as a chart with exemplars or as a table. */
export function ExploreMetrics(): JSX.Element {
  const [state, setState] = useUrlState(DEFAULTS);
  const [draft, setDraft] = useState(state.q);
  const [lastQ, setLastQ] = useState(state.q);
  if (state.q !== lastQ) {
    // Back/forward or a link changed the query: the editor shows it.
    setLastQ(state.q);
    setDraft(state.q);
  }
  const promql = useMemo(() => new PromQLExtension().setComplete({ remote: { url: window.location.origin, fetchFn: authFetch, cache: { maxAge: 60_000 } } }).asExtension(), []);
  const [runs, setRuns] = useState(0);
  const run = (): void => {
    setState({ q: draft.trim() });
    setRuns((n) => n + 1);
  };

  const result = useAsync(
    async (signal) => {
      if (!state.q) return undefined;
      const range = resolveRange(state, Date.now());
      const step = state.step ? parseDuration(state.step) / 1000 : autoStepSeconds(range, 1100);
      const q = interpolate(state.q, [], {}, { intervalSeconds: step, rateIntervalSeconds: rateIntervalSeconds(step), rangeSeconds: (range.endMs - range.startMs) / 1000 });
      const start = Math.floor(range.startMs / 1000);
      const end = Math.ceil(range.endMs / 1000);
      if (state.view === 'table') return { kind: 'table' as const, data: await api.promInstant(q, end, signal), step };
      const [data, exemplars] = await Promise.all([api.promRange(q, start, end, step, signal), api.promExemplars(q, start, end, signal).catch(() => [])]);
      return { kind: 'graph' as const, data, exemplars: exemplarPoints(exemplars), step, xRange: [start, end] as const };
    },
    [state.q, state.from, state.to, state.step, state.view, runs],
  );

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Explore metrics</h1>
      <div class="query-row">
        <label class="editor-label" for="promql-editor">
          PromQL
        </label>
        <CodeEditor id="promql-editor" value={draft} onChange={setDraft} onRun={run} language={promql} label="PromQL query" placeholder="Enter a PromQL query (Shift+Enter runs it)" />
        <button type="button" class="primary" onClick={run}>
          Run query
        </button>
      </div>
      <div class="toolbar">
        <TimePicker range={state} onChange={(r) => setState(r)} />
        <label>
          Step{' '}
          <input class="step-input" value={state.step} placeholder="auto" size={6} onChange={(e) => setState({ step: (e.currentTarget as HTMLInputElement).value.trim() })} aria-label="Step (blank for auto)" />
        </label>
        <div class="tabs" role="group" aria-label="View">
          {(['graph', 'table'] as const).map((v) => (
            <button type="button" aria-pressed={state.view === v} onClick={() => setState({ view: v })}>
              {v === 'graph' ? 'Graph' : 'Table'}
            </button>
          ))}
        </div>
      </div>
      {!state.q ? (
        <div class="hint">
          <p>Write a PromQL query, or start from one of these:</p>
          <ul>
            {EXAMPLES.map((e) => (
              <li>
                <button type="button" class="link-button" onClick={() => navigate(`/explore/metrics?q=${encodeURIComponent(e.q)}`)}>
                  {e.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : result.status === 'loading' ? (
        <Loading what="the query" />
      ) : result.status === 'error' ? (
        <ErrorBox error={result.error} />
      ) : result.value?.kind === 'graph' ? (
        <GraphView query={state.q} data={result.value.data} exemplars={result.value.exemplars} step={result.value.step} xRange={result.value.xRange} />
      ) : result.value?.kind === 'table' ? (
        <TableView data={result.value.data} />
      ) : null}
    </section>
  );
}

/** Seconds when the query computes a latency (a quantile or a `_seconds` gauge), so the axis reads `250 ms`. */
function unitOf(query: string): 's' | undefined {
  return /histogram_quantile/.test(query) || (/_seconds\b/.test(query) && !/rate\(/.test(query)) ? 's' : undefined;
}

function GraphView({ query, data, exemplars, step, xRange }: { query: string; data: QueryData; exemplars: ReturnType<typeof exemplarPoints>; step: number; xRange: readonly [number, number] }): JSX.Element {
  const aligned = useMemo(() => (data.resultType === 'matrix' ? alignMatrix(data.result) : undefined), [data]);
  if (!aligned) return <TableView data={data} />;
  if (aligned.series.length === 0) return <Empty>The query returned no series for this range. Check the metric name and labels, or widen the range.</Empty>;
  const unit = unitOf(query);
  return (
    <div class="result">
      <p class="result-meta">
        {aligned.series.length} series · {aligned.points} points · step {step}s{exemplars.length ? ` · ${exemplars.length} exemplars (dots open their trace)` : ''}
      </p>
      <TimeChart data={aligned} label="Query result over time" exemplars={exemplars} onExemplar={(e) => navigate(`/traces/${e.traceId}`)} xRange={xRange} {...(unit ? { unit } : {})} />
      <ExemplarList exemplars={exemplars} {...(unit ? { unit } : {})} />
    </div>
  );
}

function TableView({ data }: { data: QueryData }): JSX.Element {
  const rows = tableRows(data);
  if (rows.length === 0) return <Empty>The query returned nothing at the end of the range.</Empty>;
  return <SeriesTable rows={rows} caption="Query result" />;
}
