import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';
import { ErrorBox, Loading } from '../components/feedback.js';
import { useAsync } from '../components/use-async.js';
import { api } from '../lib/api.js';
import type { StackStatusResponse } from '../lib/contracts.js';
import { formatSeconds, formatValue } from '../lib/format.js';

/** How often the page polls the status. */
const POLL_MS = 5_000;

type Sample = { readonly at: number; readonly ingested: Readonly<Record<string, number>> };

/** The local stack's own state: ingest rates, rejections, disk, scrape targets, retention. */
export function Status(): JSX.Element {
  const previous = useRef<Sample>();
  const rates = useRef<Record<string, number>>({});
  const status = useAsync(
    async (signal) => {
      const s = await api.status(signal);
      const now = Date.now();
      const ingested = s.store.ingested ?? {};
      const prev = previous.current;
      // Rates from two polls of the counters: the same numbers /metrics exports, without parsing it.
      if (prev && now > prev.at) rates.current = Object.fromEntries(Object.entries(ingested).map(([k, v]) => [k, Math.max(0, (v - (prev.ingested[k] ?? 0)) / ((now - prev.at) / 1000))]));
      previous.current = { at: now, ingested };
      return s;
    },
    [],
    POLL_MS,
  );
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Status</h1>
      {status.status === 'loading' ? <Loading what="the stack's status" /> : status.status === 'error' ? <ErrorBox error={status.error} /> : <StatusBody s={status.value} rates={rates.current} />}
    </section>
  );
}

function StatusBody({ s, rates }: { s: StackStatusResponse; rates: Record<string, number> }): JSX.Element {
  const store = s.store;
  const rejected = Object.entries(store.rejected ?? {});
  const reasons = [...new Set(rejected.flatMap(([, r]) => Object.keys(r)))];
  return (
    <div class="status-grid">
      <article class="card">
        <h2>Stack</h2>
        <dl class="facts">
          <dt>Version</dt>
          <dd>{s.version}</dd>
          <dt>Up for</dt>
          <dd>{formatSeconds(s.uptimeSeconds)}</dd>
          {Object.entries(s.urls).map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd class="mono">{v}</dd>
            </>
          ))}
        </dl>
      </article>
      <article class="card">
        <h2>Ingest</h2>
        <table class="data-table" aria-label="Ingested items">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" class="num">
                Total
              </th>
              <th scope="col" class="num">
                Per second
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(store.ingested ?? {}).map(([k, v]) => (
              <tr>
                <td>{k}</td>
                <td class="num">{formatValue(v, k.toLowerCase().includes('bytes') ? 'bytes' : 'short')}</td>
                <td class="num">{rates[k] === undefined ? 'measuring…' : formatValue(rates[k], 'short')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">
          {formatValue(store.series ?? 0, 'short')} series · {formatValue(store.streams ?? 0, 'short')} log streams · {formatValue(store.spans ?? 0, 'short')} spans
        </p>
      </article>
      <article class="card">
        <h2>Rejected items</h2>
        <table class="data-table" aria-label="Rejected items by reason">
          <thead>
            <tr>
              <th scope="col">Signal</th>
              {reasons.map((r) => (
                <th scope="col" class="num">
                  {r}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rejected.map(([signal, counts]) => (
              <tr>
                <th scope="row">{signal}</th>
                {reasons.map((r) => (
                  <td class={`num ${(counts[r] ?? 0) > 0 ? 'bad' : ''}`}>{counts[r] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </article>
      <article class="card">
        <h2>Disk</h2>
        <dl class="facts">
          <dt>On disk</dt>
          <dd>{formatValue(store.bytesOnDisk ?? 0, 'bytes')}</dd>
          <dt>Database</dt>
          <dd>{formatValue(store.databaseBytes ?? 0, 'bytes')}</dd>
          <dt>Write-ahead log</dt>
          <dd>{formatValue(store.walBytes ?? 0, 'bytes')}</dd>
        </dl>
      </article>
      <article class="card wide">
        <h2>Scrape targets</h2>
        <table class="data-table" aria-label="Scrape targets">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">URL</th>
              <th scope="col">up</th>
              <th scope="col" class="num">
                Samples
              </th>
              <th scope="col" class="num">
                Scrape took
              </th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {s.scrape.map((t) => (
              <tr>
                <td>{t.job}</td>
                <td class="mono">{t.url}</td>
                <td>
                  <span class={`badge ${t.up === true ? 'good' : t.up === false ? 'bad' : ''}`}>{t.up === null ? 'not yet' : t.up ? '1' : '0'}</span>
                </td>
                <td class="num">{t.samples ?? ''}</td>
                <td class="num">{t.durationSeconds !== undefined ? formatSeconds(t.durationSeconds) : ''}</td>
                <td>{t.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </article>
      <article class="card wide">
        <h2>Retention in effect</h2>
        <Retention value={s.retention} />
      </article>
    </div>
  );
}

function Retention({ value }: { value: unknown }): JSX.Element {
  const entries = value && typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [];
  if (entries.length === 0) return <p class="muted">The store's defaults (no retention was configured).</p>;
  return (
    <dl class="facts">
      {entries.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd class="mono">{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
        </>
      ))}
    </dl>
  );
}
