import { dropMetricName } from './label-ops.js';
import { mergeSameLabels } from './series-merge.js';
import { vector, vectorArg, type FunctionImpl } from './function-helpers.js';
import { stepTime, type StepSeries } from './values.js';

type DatePart = (d: Date) => number;

/** Date parts in UTC, as Prometheus' `dateWrapper` functions compute them. */
export const DATE_PARTS: ReadonlyMap<string, DatePart> = new Map<string, DatePart>([
  ['day_of_month', (d) => d.getUTCDate()],
  ['day_of_week', (d) => d.getUTCDay()],
  ['day_of_year', (d) => Math.round((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1],
  ['days_in_month', (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()],
  ['hour', (d) => d.getUTCHours()],
  ['minute', (d) => d.getUTCMinutes()],
  ['month', (d) => d.getUTCMonth() + 1],
  ['year', (d) => d.getUTCFullYear()],
]);

function partOf(part: DatePart, seconds: number): number {
  // Go truncates the float seconds to an integer (time.Unix(int64(v), 0)).
  const d = new Date(Math.trunc(seconds) * 1000);
  return Number.isNaN(d.getTime()) ? NaN : part(d);
}

/** `hour()`, `month(v)`, ...: of each sample's value as a Unix time, or of the step time without an argument. */
export function dateFunction(name: string): FunctionImpl {
  const part = DATE_PARTS.get(name)!;
  return (f) => {
    if (f.args.length === 0) {
      const steps = Array.from({ length: f.range.steps }, (_, i) => i);
      return vector([{ labels: {}, steps, values: steps.map((i) => partOf(part, stepTime(f.range, i) / 1000)) }]);
    }
    const out: StepSeries[] = vectorArg(f, 0).series.map((s) => ({ labels: dropMetricName(s.labels), steps: s.steps, values: s.values.map((v) => partOf(part, v)), sourceName: s.labels['__name__'] ?? '' }));
    return vector(mergeSameLabels(out));
  };
}
