import type { JSX } from 'preact';
import { ErrorBox, Loading } from '../components/feedback.js';
import { useAsync } from '../components/use-async.js';
import { api } from '../lib/api.js';
import { formatValue } from '../lib/format.js';
import { addLabelMatcher } from '../lib/logs.js';
import { errorRatioQuery, latencyQuery, requestRateQuery } from '../lib/red-queries.js';
import { sampleValue, type QueryData } from '../lib/series.js';
import { link } from '../lib/url-state.js';
import { Link } from '../router.js';

/** The window of the at-a-glance numbers. */
const WINDOW = '5m';

const PAGES = [
  { href: '/explore/metrics', title: 'Explore metrics', text: 'PromQL with completion, charts with exemplars that open their trace.' },
  { href: '/explore/logs', title: 'Explore logs', text: 'LogQL, label filters by click, live tail, links from a line to its trace.' },
  { href: '/traces', title: 'Traces', text: 'Search by service, name, duration and attributes; waterfalls across services.' },
  { href: '/dashboards', title: 'Dashboards', text: 'The dashboards srcobs renders for Grafana, drawn from the same definitions.' },
  { href: '/ola', title: 'OLA', text: 'The five log categories: volume, gaps, retention, last event, alerts.' },
  { href: '/status', title: 'Status', text: 'Ingest rates, rejections, disk, scrape targets, retention.' },
];

function byJob(data: QueryData): Map<string, number | null> {
  const out = new Map<string, number | null>();
  if (data.resultType === 'vector') for (const s of data.result) out.set(s.metric['job'] ?? '', sampleValue(s.value[1]));
  return out;
}

/** The overview: where to go, and the playground's rate, errors and duration right now. */
export function Home(): JSX.Element {
  const red = useAsync(
    async (signal) => {
      const now = Math.floor(Date.now() / 1000);
      const [rate, errors, p99] = await Promise.all([
        api.promInstant(requestRateQuery(['job'], undefined, WINDOW), now, signal),
        api.promInstant(errorRatioQuery(['job'], undefined, WINDOW), now, signal),
        api.promInstant(latencyQuery(0.99, ['job'], undefined, WINDOW), now, signal),
      ]);
      const r = byJob(rate);
      const e = byJob(errors);
      const l = byJob(p99);
      return [...r.keys()].sort().map((job) => ({ job, rate: r.get(job) ?? null, errors: e.get(job) ?? null, p99: l.get(job) ?? null }));
    },
    [],
    15_000,
  );
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">srcobs console</h1>
      <p class="lead">Metrics, logs and traces of the local stack, linked to each other, and the OLA report.</p>
      <h2>Services right now (last {WINDOW})</h2>
      {red.status === 'loading' ? (
        <Loading what="rate, errors and duration" />
      ) : red.status === 'error' ? (
        <ErrorBox error={red.error} />
      ) : red.value.length === 0 ? (
        <p class="empty">No service has reported requests yet: the playground's first scrapes arrive within seconds of `srcobs up`.</p>
      ) : (
        <table class="data-table red-table">
          <caption class="sr-only">Rate, errors and duration per service</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col" class="num">
                Requests
              </th>
              <th scope="col" class="num">
                Errors
              </th>
              <th scope="col" class="num">
                p99 latency
              </th>
              <th scope="col">Explore</th>
            </tr>
          </thead>
          <tbody>
            {red.value.map((s) => (
              <tr>
                <th scope="row">{s.job}</th>
                <td class="num">{formatValue(s.rate, 'reqps')}</td>
                <td class={`num ${s.errors !== null && s.errors > 0.05 ? 'bad' : ''}`}>{formatValue(s.errors, 'percentunit')}</td>
                <td class="num">{formatValue(s.p99, 's')}</td>
                <td>
                  <Link href={link('/explore/metrics', { q: latencyQuery(0.99, ['route'], s.job), from: 'now-1h' })}>latency</Link> · <Link href={link('/explore/logs', { q: addLabelMatcher('', 'service_name', s.job) })}>logs</Link> ·{' '}
                  <Link href={link('/traces', { service: s.job })}>traces</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul class="card-list">
        {PAGES.map((p) => (
          <li class="card">
            <h2>
              <Link href={p.href}>{p.title}</Link>
            </h2>
            <p>{p.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
