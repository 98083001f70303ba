import type { Unit } from '@srcobs/stack';
import type { JSX } from 'preact';
import type { ExemplarPoint } from '../lib/exemplars.js';
import { formatClock, formatValue } from '../lib/format.js';
import { Link } from '../router.js';

/** The slowest exemplars under a chart: the short way from "it got slow" to the trace. */
export function ExemplarList({ exemplars, unit, max = 5 }: { exemplars: readonly ExemplarPoint[]; unit?: Unit; max?: number }): JSX.Element | null {
  if (exemplars.length === 0) return null;
  const top = [...exemplars].sort((a, b) => b.value - a.value).slice(0, max);
  return (
    <div class="exemplar-list">
      <h3>Slowest exemplars</h3>
      <ul>
        {top.map((e) => (
          <li>
            <Link href={`/traces/${e.traceId}`} class="trace-link">
              {formatValue(e.value, unit)} · {[e.series['job'], e.series['route']].filter(Boolean).join(' ') || 'series'} · {formatClock(e.time * 1000)} · trace {e.traceId.slice(0, 12)}…
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
