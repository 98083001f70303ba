import type { DashboardDefinition, VariableDefinition } from '@srcobs/stack';
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Empty, ErrorBox, Loading } from '../components/feedback.js';
import { PanelView } from '../components/panel-view.js';
import { TimePicker } from '../components/time-picker.js';
import { useAsync } from '../components/use-async.js';
import { api } from '../lib/api.js';
import { panelWidths } from '../lib/stat.js';
import { parseDuration, resolveRange } from '../lib/time-range.js';
import { ALL, defaultValues, interpolate, parseLabelValues } from '../lib/variables.js';
import { Link, useUrlState } from '../router.js';

/** The dashboards srcobs renders for Grafana, listed. */
export function DashboardList(): JSX.Element {
  const list = useAsync((signal) => api.dashboards(signal), []);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Dashboards</h1>
      <p class="muted">The same definitions srcobs renders as Grafana dashboards on Kubernetes, drawn here from the local stack's data.</p>
      {list.status === 'loading' ? (
        <Loading what="dashboards" />
      ) : list.status === 'error' ? (
        <ErrorBox error={list.error} />
      ) : list.value.dashboards.length === 0 ? (
        <Empty>This stack serves no dashboards.</Empty>
      ) : (
        <ul class="card-list">
          {list.value.dashboards.map((d) => (
            <li class="card">
              <h2>
                <Link href={`/dashboards/${d.uid}`}>{d.title}</Link>
              </h2>
              <p>{d.description}</p>
              <p class="muted">{d.tags.join(' · ')}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One dashboard, drawn from its definition. */
export function DashboardPage({ uid }: { uid: string }): JSX.Element {
  const list = useAsync((signal) => api.dashboards(signal), []);
  if (list.status === 'loading') return <Loading what="the dashboard" />;
  if (list.status === 'error') return <ErrorBox error={list.error} />;
  const dash = list.value.dashboards.find((d) => d.uid === uid);
  if (!dash) return <ErrorBox error={`No dashboard "${uid}": pick one from the dashboards list.`} />;
  return <Dashboard dash={dash} />;
}

function Dashboard({ dash }: { dash: DashboardDefinition }): JSX.Element {
  const varDefaults = Object.fromEntries(dash.variables.map((v) => [`var-${v.name}`, defaultValues(v).join(',')]));
  const [state, setState] = useUrlState({ from: dash.from, to: 'now', ...varDefaults });
  const values = Object.fromEntries(dash.variables.map((v) => [v.name, (state as Record<string, string>)[`var-${v.name}`]!.split(',').filter(Boolean)]));
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const every = Math.max(10_000, parseDuration(dash.refresh || '30s'));
    const timer = window.setInterval(() => setTick((t) => t + 1), every);
    return () => window.clearInterval(timer);
  }, [dash.uid]);
  let range;
  try {
    range = resolveRange(state, Date.now());
  } catch (err) {
    return <ErrorBox error={err} />;
  }
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{dash.title}</h1>
      <p class="muted">{dash.description}</p>
      <div class="toolbar">
        <TimePicker range={state} onChange={(r) => setState(r)} />
        {dash.variables.map((v) => (
          <VariablePicker def={v} dash={dash} values={values} picked={values[v.name] ?? []} onPick={(vals) => setState({ [`var-${v.name}`]: vals.join(',') })} />
        ))}
        <button type="button" onClick={() => setTick((t) => t + 1)}>
          Refresh
        </button>
        <span class="muted">auto-refresh every {dash.refresh}</span>
      </div>
      {dash.rows.map((row) => {
        const widths = panelWidths(row.panels);
        return (
          <section class="dash-row" aria-label={row.title}>
            <h2 class="row-title">{row.title}</h2>
            <div class="panel-grid">
              {row.panels.map((p, i) => (
                <PanelView panel={p} width={widths[i]!} range={range} variables={dash.variables} values={values} tick={tick} />
              ))}
            </div>
          </section>
        );
      })}
    </section>
  );
}

function VariablePicker(props: { def: VariableDefinition; dash: DashboardDefinition; values: Record<string, string[]>; picked: readonly string[]; onPick: (v: string[]) => void }): JSX.Element {
  const { def } = props;
  const query = def.kind === 'query' ? interpolate(def.query, props.dash.variables, props.values, { intervalSeconds: 60, rateIntervalSeconds: 60, rangeSeconds: 3600 }) : '';
  const options = useAsync(
    async (signal) => {
      if (def.kind === 'custom') return [...def.options];
      const lv = parseLabelValues(query);
      if (!lv) return [];
      const now = Math.floor(Date.now() / 1000);
      return api.promLabelValues(lv.label, lv.match, now - 6 * 3600, now, signal);
    },
    [query],
  );
  const list = options.status === 'done' ? options.value : [];
  const multi = def.kind === 'query' && def.multi;
  const all = def.kind === 'query' && def.includeAll;
  return (
    <label>
      {def.label}{' '}
      <select
        multiple={multi}
        size={multi ? Math.min(4, list.length + (all ? 1 : 0)) : undefined}
        onChange={(e) => {
          const sel = Array.from((e.currentTarget as HTMLSelectElement).selectedOptions).map((o) => o.value);
          props.onPick(sel.includes(ALL) ? [ALL] : sel);
        }}
      >
        {all && (
          <option value={ALL} selected={props.picked.includes(ALL)}>
            All
          </option>
        )}
        {[...new Set([...list, ...props.picked.filter((p) => p !== ALL)])].map((o) => (
          <option value={o} selected={props.picked.includes(o)}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
