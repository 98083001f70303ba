import type { PanelDefinition, VariableDefinition } from '@srcobs/stack';
import type { JSX } from 'preact';
import { formatMs, formatNsTime, formatValue } from '../lib/format.js';
import { isEmptyPanel, loadPanel, type PanelData } from '../lib/panel-data.js';
import { panelRequests, type PanelRequest } from '../lib/panel-queries.js';
import { statValues, thresholdColor } from '../lib/stat.js';
import type { ResolvedRange } from '../lib/time-range.js';
import type { VariableValues } from '../lib/variables.js';
import { Link, navigate } from '../router.js';
import { ErrorBox, Loading } from './feedback.js';
import { LogLines } from './log-lines.js';
import { MarkdownView } from './markdown-view.js';
import { SeriesTable } from './series-table.js';
import { TimeChart } from './time-chart.js';
import { useAsync } from './use-async.js';

/** Props of {@link PanelView}. */
export interface PanelViewProps {
  readonly panel: PanelDefinition;
  readonly range: ResolvedRange;
  readonly variables: readonly VariableDefinition[];
  readonly values: VariableValues;
  /** Bumped by the dashboard's refresh. */
  readonly tick: number;
  /** Grid columns out of 24 (see panelWidths). */
  readonly width: number;
}

function describeRequest(r: PanelRequest): string {
  return r.kind === 'alerts' ? `alerting rules matching ${JSON.stringify(r.filter)}` : r.expr;
}

/** One dashboard panel: runs its targets against the local APIs and draws them as its kind says. */
export function PanelView({ panel, range, variables, values, tick, width: columns }: PanelViewProps): JSX.Element {
  // The panel's share of the page, known before it is drawn, so its first queries already ask for
  // the right number of points (measuring after the first render would run them twice).
  const widthPx = Math.max(200, Math.round(((document.querySelector('main')?.clientWidth ?? window.innerWidth) * columns) / 24));
  const requests = panelRequests(panel, { range, variables, values, widthPx });
  const key = JSON.stringify(requests);
  const data = useAsync((signal) => loadPanel(requests, signal), [key, tick]);
  const height = (panel.height ?? 8) * 30;
  return (
    <article class={`panel panel-${panel.kind}`} style={{ gridColumn: `span ${columns}`, ...(panel.kind === 'stat' || panel.kind === 'text' ? {} : { minHeight: `${height}px` }) }} aria-label={panel.title} data-panel-kind={panel.kind}>
      <header class="panel-header">
        <h3 class="panel-title" title={panel.description}>
          {panel.title}
        </h3>
        <p class="panel-description">{panel.description}</p>
      </header>
      {panel.kind === 'text' ? (
        <MarkdownView text={panel.content ?? ''} />
      ) : data.status === 'loading' ? (
        <Loading what={panel.title} />
      ) : data.status === 'error' ? (
        <ErrorBox error={data.error} />
      ) : isEmptyPanel(data.value) ? (
        <div class="no-data" data-no-data="true">
          <p>No data: the query returned nothing for this range.</p>
          <details>
            <summary>Query</summary>
            {requests.map((r) => (
              <pre class="mono">{describeRequest(r)}</pre>
            ))}
          </details>
        </div>
      ) : (
        <PanelBody panel={panel} data={data.value} range={range} height={height - 90} />
      )}
    </article>
  );
}

function PanelBody({ panel, data, range, height }: { panel: PanelDefinition; data: PanelData; range: ResolvedRange; height: number }): JSX.Element {
  const unit = panel.unit;
  switch (panel.kind) {
    case 'timeseries':
      return data.series ? (
        <TimeChart
          data={data.series}
          label={panel.title}
          height={Math.max(140, height)}
          exemplars={data.exemplars}
          onExemplar={(e) => navigate(`/traces/${e.traceId}`)}
          xRange={[Math.floor(range.startMs / 1000), Math.ceil(range.endMs / 1000)]}
          {...(unit ? { unit } : {})}
          {...(panel.decimals !== undefined ? { decimals: panel.decimals } : {})}
          {...(panel.min !== undefined ? { min: panel.min } : {})}
          {...(panel.max !== undefined ? { max: panel.max } : {})}
        />
      ) : (
        <SeriesTable rows={data.rows} caption={panel.title} {...(unit ? { unit } : {})} />
      );
    case 'stat':
    case 'bargauge':
      return (
        <ul class="stats">
          {statValues(panel, data.series, data.rows).map((s) => (
            <li class={`stat color-${thresholdColor(s.value, panel.thresholds) ?? 'text'}`}>
              <span class="stat-value">{formatValue(s.value, unit, panel.decimals)}</span>
              <span class="stat-name">{s.name}</span>
            </li>
          ))}
        </ul>
      );
    case 'logs':
      return <LogLines rows={data.logs} />;
    case 'table':
    case 'nodeGraph':
      if (data.traces.length > 0) return <TraceTable traces={data.traces} />;
      return <SeriesTable rows={data.rows} caption={panel.title} {...(unit ? { unit } : {})} />;
    case 'alertlist':
      return (
        <ul class="alert-list">
          {data.alerts.map((a) => (
            <li class={`alert-state state-${a.state}`}>
              <strong>{a.name}</strong> <span class="badge">{a.state}</span> <span class="muted">{a.source}</span>
            </li>
          ))}
        </ul>
      );
    default:
      return <SeriesTable rows={data.rows} caption={panel.title} />;
  }
}

function TraceTable({ traces }: { traces: PanelData['traces'] }): JSX.Element {
  return (
    <table class="data-table">
      <thead>
        <tr>
          <th scope="col">Trace</th>
          <th scope="col">Root</th>
          <th scope="col">Start</th>
          <th scope="col" class="num">
            Duration
          </th>
        </tr>
      </thead>
      <tbody>
        {traces.map((t) => (
          <tr>
            <td class="mono">
              <Link class="trace-link" href={`/traces/${t.traceID}`}>
                {t.traceID.slice(0, 16)}
              </Link>
            </td>
            <td>
              {t.rootServiceName} {t.rootTraceName}
            </td>
            <td>{formatNsTime(t.startTimeUnixNano)}</td>
            <td class="num">{t.durationMs !== undefined ? formatMs(t.durationMs) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
