import type { JSX } from 'preact';
import { useMemo } from 'preact/hooks';
import { formatNsTime } from '../lib/format.js';
import { commonLabels, type LogRow } from '../lib/log-rows.js';
import { Link } from '../router.js';

/** Props of {@link LogLines}. */
export interface LogLinesProps {
  readonly rows: readonly LogRow[];
  /** A click on a label adds it to the query as a matcher; without this, labels are plain text. */
  readonly onLabel?: (name: string, value: string) => void;
}

function LabelChip({ name, value, onLabel }: { name: string; value: string; onLabel?: LogLinesProps['onLabel'] }): JSX.Element {
  if (!onLabel) return <span class="label-chip">{`${name}=${value}`}</span>;
  return (
    <button type="button" class="label-chip" title={`Add ${name}="${value}" to the query`} aria-label={`Filter by ${name}="${value}"`} onClick={() => onLabel(name, value)}>
      {`${name}=${value}`}
    </button>
  );
}

/**
 * Log lines as Explore lists them: time, a colour bar by level, the labels that tell lines apart
 * (the shared ones once above), the line, and a link to the trace when the line names one.
 */
export function LogLines({ rows, onLabel }: LogLinesProps): JSX.Element {
  const common = useMemo(() => commonLabels(rows), [rows]);
  return (
    <div class="log-lines">
      {Object.keys(common).length > 0 && (
        <p class="common-labels">
          <span class="muted">Common labels: </span>
          {Object.entries(common).map(([k, v]) => (
            <LabelChip name={k} value={v} {...(onLabel ? { onLabel } : {})} />
          ))}
        </p>
      )}
      <ol class="log-list" aria-label="Log lines">
        {rows.map((r) => (
          <li class={`log-row level-${r.level}`} data-level={r.level}>
            <span class="log-time mono">{formatNsTime(r.ts)}</span>
            <span class={`log-level level-${r.level}`}>{r.level === 'unknown' ? '' : r.level}</span>
            <span class="log-labels">
              {Object.entries(r.labels)
                .filter(([k]) => !(k in common))
                .map(([k, v]) => (
                  <LabelChip name={k} value={v} {...(onLabel ? { onLabel } : {})} />
                ))}
            </span>
            <span class="log-line mono">{r.line}</span>
            {r.traceId && (
              <Link class="trace-link" href={`/traces/${r.traceId}`} aria-label={`Open trace ${r.traceId}`}>
                trace {r.traceId.slice(0, 8)}…
              </Link>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
