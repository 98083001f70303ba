import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CodeEditor } from '../components/code-editor.js';
import { Empty, ErrorBox, Loading } from '../components/feedback.js';
import { LogLines } from '../components/log-lines.js';
import { TimeChart } from '../components/time-chart.js';
import { TimePicker } from '../components/time-picker.js';
import { useAsync } from '../components/use-async.js';
import { logqlLanguage } from '../lang/logql.js';
import { api, webSocketUrl } from '../lib/api.js';
import type { LokiStream } from '../lib/contracts.js';
import { logRows, type LogRow } from '../lib/log-rows.js';
import { addLabelMatcher } from '../lib/logs.js';
import { isLogqlMetricQuery } from '../lib/panel-queries.js';
import { alignMatrix } from '../lib/series.js';
import { autoStepSeconds, resolveRange } from '../lib/time-range.js';
import { interpolate } from '../lib/variables.js';
import { useUrlState } from '../router.js';

const DEFAULTS = { q: '', from: 'now-15m', to: 'now', limit: '200', live: '' };
/** Lines kept on screen while tailing. */
const LIVE_KEEP = 500;

/** Explore logs: a LogQL query's lines with a volume histogram, label filters by click, and live tail. */
export function ExploreLogs(): JSX.Element {
  const [state, setState] = useUrlState(DEFAULTS);
  const [draft, setDraft] = useState(state.q);
  const [lastQ, setLastQ] = useState(state.q);
  if (state.q !== lastQ) {
    setLastQ(state.q);
    setDraft(state.q);
  }
  const [runs, setRuns] = useState(0);
  const language = useMemo(() => {
    const range = (): [number, number] => {
      const now = Math.floor(Date.now() / 1000);
      return [now - 6 * 3600, now];
    };
    return logqlLanguage({ labels: () => api.lokiLabels(...range()), values: (l) => api.lokiLabelValues(l, ...range()) });
  }, []);
  const run = (): void => {
    setState({ q: draft.trim() });
    setRuns((n) => n + 1);
  };
  const addFilter = (name: string, value: string): void => setState({ q: addLabelMatcher(state.q, name, value) });
  const live = state.live === '1';
  const metric = state.q !== '' && isLogqlMetricQuery(state.q);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Explore logs</h1>
      <div class="query-row">
        <label class="editor-label" for="logql-editor">
          LogQL
        </label>
        <CodeEditor id="logql-editor" value={draft} onChange={setDraft} onRun={run} language={language} label="LogQL query" placeholder='{service_name="trace-app"} |= "error"  (Shift+Enter runs it)' />
        <button type="button" class="primary" onClick={run}>
          Run query
        </button>
      </div>
      <div class="toolbar">
        <TimePicker range={state} onChange={(r) => setState(r)} />
        <label>
          Line limit{' '}
          <input value={state.limit} size={5} inputMode="numeric" aria-label="Line limit" onChange={(e) => setState({ limit: (e.currentTarget as HTMLInputElement).value.trim() })} />
        </label>
        <button type="button" aria-pressed={live} disabled={!state.q || metric} onClick={() => setState({ live: live ? '' : '1' })}>
          {live ? 'Stop live tail' : 'Live tail'}
        </button>
      </div>
      {!state.q ? (
        <div class="hint">
          <p>
            Write a LogQL query: a stream selector such as <code>{'{service_name="trace-app"}'}</code>, then filters such as <code>|= "error"</code> or <code>| json | status_code &gt;= 500</code>. Click a label on a line to filter by it.
          </p>
        </div>
      ) : live ? (
        <LiveTail query={state.q} onLabel={addFilter} />
      ) : (
        <LogResults query={state.q} from={state.from} to={state.to} limit={Number(state.limit) || 200} metric={metric} runs={runs} onLabel={addFilter} />
      )}
    </section>
  );
}

function LogResults(props: { query: string; from: string; to: string; limit: number; metric: boolean; runs: number; onLabel: (n: string, v: string) => void }): JSX.Element {
  const result = useAsync(
    async (signal) => {
      const range = resolveRange(props, Date.now());
      const start = Math.floor(range.startMs / 1000);
      const end = Math.ceil(range.endMs / 1000);
      const step = autoStepSeconds(range, 1100, 1, 10);
      const xRange = [start, end] as const;
      if (props.metric) {
        const q = interpolate(props.query, [], {}, { intervalSeconds: step, rateIntervalSeconds: Math.max(step, 60), rangeSeconds: end - start });
        const data = await api.lokiRange(q, start, end, { step }, signal);
        return { kind: 'metric' as const, data: data.resultType === 'matrix' ? alignMatrix(data.result) : undefined, xRange };
      }
      // The volume histogram counts the same lines the list shows, per step, as Grafana's logs volume does.
      const [lines, volume] = await Promise.all([
        api.lokiRange(props.query, start, end, { limit: props.limit, direction: 'backward' }, signal),
        api.lokiRange(`sum(count_over_time(${props.query} [${step}s]))`, start, end, { step }, signal).catch(() => undefined),
      ]);
      const rows = lines.resultType === 'streams' ? logRows(lines.result, 'backward', props.limit) : [];
      return { kind: 'logs' as const, rows, volume: volume?.resultType === 'matrix' ? alignMatrix(volume.result, 'lines') : undefined, xRange };
    },
    [props.query, props.from, props.to, props.limit, props.metric, props.runs],
  );
  if (result.status === 'loading') return <Loading what="log lines" />;
  if (result.status === 'error') return <ErrorBox error={result.error} />;
  const v = result.value;
  if (v.kind === 'metric') {
    if (!v.data || v.data.series.length === 0) return <Empty>The metric query returned no series for this range.</Empty>;
    return <TimeChart data={v.data} label="LogQL metric query over time" xRange={v.xRange} />;
  }
  return (
    <div class="result">
      {v.volume && v.volume.points > 0 && (
        <div class="volume">
          <h2 class="panel-title">Log volume</h2>
          <TimeChart data={v.volume} label="Log lines per step" bars height={110} unit="short" xRange={v.xRange} />
        </div>
      )}
      <p class="result-meta">
        {v.rows.length} lines{v.rows.length >= props.limit ? ` (the newest ${props.limit}; raise the limit or narrow the query for more)` : ''}
      </p>
      {v.rows.length === 0 ? <Empty>No log lines match this query in this range.</Empty> : <LogLines rows={v.rows} onLabel={props.onLabel} />}
    </div>
  );
}

/** Loki's `/tail` WebSocket: new lines appear on top as they arrive. */
function LiveTail({ query, onLabel }: { query: string; onLabel: (n: string, v: string) => void }): JSX.Element {
  const [rows, setRows] = useState<LogRow[]>([]);
  const [status, setStatus] = useState<'connecting' | 'live' | 'closed'>('connecting');
  const [problem, setProblem] = useState<string>();
  const buffer = useRef<LogRow[]>([]);
  useEffect(() => {
    buffer.current = [];
    setRows([]);
    setProblem(undefined);
    setStatus('connecting');
    const params = new URLSearchParams({ query, limit: '100', start: `${Date.now() - 60_000}000000` });
    const ws = new WebSocket(webSocketUrl('/loki/api/v1/tail', params));
    ws.onopen = () => setStatus('live');
    ws.onmessage = (ev) => {
      try {
        const msg = JSON.parse(String(ev.data)) as { streams?: LokiStream[] };
        const fresh = logRows(msg.streams ?? [], 'backward');
        buffer.current = [...fresh, ...buffer.current].slice(0, LIVE_KEEP);
        setRows(buffer.current);
      } catch {
        setProblem('the tail sent a message that is not JSON');
      }
    };
    ws.onerror = () => setProblem('the live tail connection failed: check the query, or that the stack is still running');
    ws.onclose = (ev) => {
      setStatus('closed');
      if (ev.reason) setProblem(ev.reason);
    };
    return () => ws.close();
  }, [query]);
  return (
    <div class="result">
      <p class="result-meta" role="status" aria-live="polite">
        {status === 'live' ? `Live: ${rows.length} lines` : status === 'connecting' ? 'Connecting…' : 'Tail closed'}
      </p>
      {problem && <ErrorBox error={problem} />}
      {rows.length === 0 ? <Empty>Waiting for new lines…</Empty> : <LogLines rows={rows} onLabel={onLabel} />}
    </div>
  );
}
