import type { JSX } from 'preact';
import { Empty, ErrorBox, Loading } from '../components/feedback.js';
import { TimePicker } from '../components/time-picker.js';
import { useAsync } from '../components/use-async.js';
import { api } from '../lib/api.js';
import type { OlaCategoryReport } from '../lib/contracts.js';
import { formatAgo, formatSeconds, formatValue } from '../lib/format.js';
import { resolveRange } from '../lib/time-range.js';
import { useUrlState } from '../router.js';

const DEFAULTS = { from: 'now-7d', to: 'now' };

/** The OLA report: for each of the five categories, is it stored, complete, kept long enough and watched. */
export function Ola(): JSX.Element {
  const [state, setState] = useUrlState(DEFAULTS);
  const report = useAsync(
    async (signal) => {
      const r = resolveRange(state, Date.now());
      return api.ola(Math.floor(r.startMs / 1000), Math.ceil(r.endMs / 1000), signal);
    },
    [state.from, state.to],
    60_000,
  );
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">OLA compliance</h1>
      <div class="toolbar">
        <TimePicker range={state} onChange={(r) => setState(r)} />
      </div>
      {report.status === 'loading' ? (
        <Loading what="the OLA report" />
      ) : report.status === 'error' ? (
        <ErrorBox error={report.error} />
      ) : (
        <>
          <p class={`verdict ${report.value.compliant ? 'good' : 'bad'}`} role="status">
            {report.value.compliant ? 'Compliant: every category is stored, complete, kept long enough and watched.' : `Not compliant: ${report.value.categories.filter((c) => !c.compliant).length} of ${report.value.categories.length} categories have problems.`}
          </p>
          <p class="muted">
            From {new Date(report.value.from).toLocaleString()} to {new Date(report.value.to).toLocaleString()}
          </p>
          {report.value.categories.length === 0 ? <Empty>The report lists no categories.</Empty> : <div class="ola-grid">{report.value.categories.map((c) => <Category c={c} />)}</div>}
        </>
      )}
    </section>
  );
}

function Category({ c }: { c: OlaCategoryReport }): JSX.Element {
  const maxLines = Math.max(1, ...c.linesPerDay.map((d) => d.lines));
  const retentionOk = c.retentionDays.configured >= c.retentionDays.required;
  return (
    <article class={`card ola-card ${c.compliant ? 'compliant' : 'not-compliant'}`} aria-labelledby={`ola-${c.id}`} data-category={c.id}>
      <h2 id={`ola-${c.id}`}>
        {c.title} <span class={`badge ${c.compliant ? 'good' : 'bad'}`}>{c.compliant ? 'compliant' : 'not compliant'}</span>
      </h2>
      <p class="muted mono">{c.id}</p>
      {c.problems.length > 0 && (
        <ul class="problems" aria-label={`Problems of ${c.title}`}>
          {c.problems.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      )}
      <dl class="facts">
        <dt>Last event</dt>
        <dd>{c.lastEntry ? `${formatAgo(Date.parse(c.lastEntry), Date.now())} (${new Date(c.lastEntry).toLocaleString()})` : 'never'}</dd>
        <dt>Oldest kept</dt>
        <dd>{c.oldestEntry ? new Date(c.oldestEntry).toLocaleString() : 'none'}</dd>
        <dt>Retention</dt>
        <dd class={retentionOk ? '' : 'bad'}>
          {c.retentionDays.configured} days configured, {c.retentionDays.required} required{retentionOk ? '' : ' (too short)'}
        </dd>
        <dt>Silence alert</dt>
        <dd>
          <span class={`badge state-${c.alert.state}`}>{c.alert.state}</span> {c.alert.name} (after {c.alert.window} without lines)
        </dd>
        <dt>Sources</dt>
        <dd>{[...c.sources.kubernetes, ...c.sources.service, ...(c.sources.external ? [c.sources.external] : [])].join('; ')}</dd>
      </dl>
      <h3>Lines per day</h3>
      {c.linesPerDay.length === 0 ? (
        <p class="muted">No lines in this range.</p>
      ) : (
        <table class="bars" aria-label={`Lines per day of ${c.title}`}>
          <tbody>
            {c.linesPerDay.map((d) => (
              <tr>
                <th scope="row">{d.day}</th>
                <td>
                  <span class="bar" style={{ width: `${(d.lines / maxLines) * 100}%` }} />
                </td>
                <td class="num">{formatValue(d.lines, 'short')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Gaps</h3>
      {c.gaps.length === 0 ? (
        <p class="muted">No gaps longer than the alert window.</p>
      ) : (
        <ul>
          {c.gaps.map((g) => (
            <li>
              {new Date(g.from).toLocaleString()} to {new Date(g.to).toLocaleString()} ({formatSeconds(g.seconds)})
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
