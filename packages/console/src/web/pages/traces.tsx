import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { CodeEditor } from '../components/code-editor.js';
import { Empty, ErrorBox, Loading } from '../components/feedback.js';
import { TimePicker } from '../components/time-picker.js';
import { useAsync } from '../components/use-async.js';
import { traceqlLanguage } from '../lang/traceql.js';
import { api } from '../lib/api.js';
import type { TraceSearchHit } from '../lib/contracts.js';
import { formatMs, formatNsTime } from '../lib/format.js';
import { resolveRange } from '../lib/time-range.js';
import { buildTraceQL } from '../lib/traceql-builder.js';
import { Link, useUrlState } from '../router.js';

const DEFAULTS = { service: '', name: '', minDuration: '', maxDuration: '', attrs: '', q: '', from: 'now-1h', to: 'now', limit: '20' };

async function tagNames(): Promise<string[]> {
  const res = await api.tempoTags();
  return (res.scopes ?? []).flatMap((s) => s.tags.map((t) => (s.name === 'intrinsic' ? t : `${s.name}.${t}`)));
}

/** Trace search: by service, span name, duration and attributes, or raw TraceQL. */
export function Traces(): JSX.Element {
  const [state, setState] = useUrlState(DEFAULTS);
  const [form, setForm] = useState(state);
  const [lastSearch, setLastSearch] = useState(window.location.search);
  if (window.location.search !== lastSearch) {
    setLastSearch(window.location.search);
    setForm(state);
  }
  const language = useMemo(() => traceqlLanguage(tagNames), []);
  const services = useAsync(async (signal) => (await api.tempoTagValues('resource.service.name', signal)).tagValues?.map((v) => v.value) ?? [], []);
  const names = useAsync(async (signal) => (await api.tempoTagValues('name', signal)).tagValues?.map((v) => v.value) ?? [], []);
  const [runs, setRuns] = useState(0);
  const field = (key: keyof typeof DEFAULTS) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  const search = (e?: Event): void => {
    e?.preventDefault();
    setState({ service: form.service, name: form.name, minDuration: form.minDuration, maxDuration: form.maxDuration, attrs: form.attrs, q: form.q.trim(), limit: form.limit });
    setRuns((n) => n + 1);
  };

  let query: string | undefined;
  let problem: unknown;
  try {
    query = state.q || buildTraceQL(state);
  } catch (err) {
    problem = err;
  }
  const result = useAsync(
    async (signal) => {
      if (query === undefined) return [];
      const range = resolveRange(state, Date.now());
      const res = await api.tempoSearch(query, Math.floor(range.startMs / 1000), Math.ceil(range.endMs / 1000), Number(state.limit) || 20, signal);
      return res.traces ?? [];
    },
    [query, state.from, state.to, state.limit, runs],
  );

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Traces</h1>
      <form class="trace-search" onSubmit={search}>
        <div class="form-grid">
          <label>
            Service
            <select value={form.service} onChange={field('service')}>
              <option value="">Any service</option>
              {(services.status === 'done' ? services.value : []).map((s) => (
                <option value={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Span name
            <input value={form.name} onInput={field('name')} list="span-names" placeholder="GET /slow" />
            <datalist id="span-names">{(names.status === 'done' ? names.value : []).slice(0, 200).map((n) => <option value={n} />)}</datalist>
          </label>
          <label>
            Min duration
            <input value={form.minDuration} onInput={field('minDuration')} placeholder="100ms" size={8} />
          </label>
          <label>
            Max duration
            <input value={form.maxDuration} onInput={field('maxDuration')} placeholder="5s" size={8} />
          </label>
          <label class="wide">
            Attributes
            <input value={form.attrs} onInput={field('attrs')} placeholder="http.route=/slow, http.response.status_code=500" />
          </label>
          <label>
            Limit
            <input value={form.limit} onInput={field('limit')} size={4} inputMode="numeric" />
          </label>
        </div>
        <div class="query-row">
          <label class="editor-label" for="traceql-editor">
            TraceQL
          </label>
          <CodeEditor id="traceql-editor" value={form.q} onChange={(q) => setForm((f) => ({ ...f, q }))} onRun={() => search()} language={language} label="TraceQL query (overrides the fields above)" placeholder="Raw TraceQL, e.g. { duration > 1s } (overrides the fields)" />
          <button type="submit" class="primary">
            Search
          </button>
        </div>
      </form>
      <div class="toolbar">
        <TimePicker range={state} onChange={(r) => setState(r)} />
        {query && (
          <p class="muted mono" aria-label="Query sent">
            {query}
          </p>
        )}
      </div>
      {problem ? <ErrorBox error={problem} /> : result.status === 'loading' ? <Loading what="traces" /> : result.status === 'error' ? <ErrorBox error={result.error} /> : <TraceList traces={result.value} />}
    </section>
  );
}

function TraceList({ traces }: { traces: readonly TraceSearchHit[] }): JSX.Element {
  if (traces.length === 0) return <Empty>No traces match in this range. Loosen a condition or widen the range.</Empty>;
  return (
    <table class="data-table trace-results">
      <caption class="sr-only">Matching traces</caption>
      <thead>
        <tr>
          <th scope="col">Trace</th>
          <th scope="col">Root service</th>
          <th scope="col">Root span</th>
          <th scope="col">Start</th>
          <th scope="col" class="num">
            Duration
          </th>
          <th scope="col">Spans</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((t) => (
          <tr>
            <td class="mono">
              <Link href={`/traces/${t.traceID}`} class="trace-link">
                {t.traceID.slice(0, 16)}
              </Link>
            </td>
            <td>{t.rootServiceName ?? ''}</td>
            <td>{t.rootTraceName ?? ''}</td>
            <td>{formatNsTime(t.startTimeUnixNano)}</td>
            <td class="num">{t.durationMs !== undefined ? formatMs(t.durationMs) : ''}</td>
            <td>
              {Object.entries(t.serviceStats ?? {})
                .map(([s, st]) => `${s} ${st.spanCount}`)
                .join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
