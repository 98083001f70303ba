import type { Unit } from '@srcobs/stack';
import type { JSX } from 'preact';
import { formatClock, formatValue } from '../lib/format.js';
import type { TableRow } from '../lib/series.js';

/** Series and their values as a table (Explore's table view, table panels). */
export function SeriesTable({ rows, unit, decimals, caption }: { rows: readonly TableRow[]; unit?: Unit; decimals?: number; caption: string }): JSX.Element {
  return (
    <table class="data-table">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Series</th>
          <th scope="col" class="num">
            Value
          </th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td class="mono">{r.name}</td>
            <td class="num">{formatValue(r.value, unit, decimals)}</td>
            <td>{r.time ? formatClock(r.time * 1000) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
