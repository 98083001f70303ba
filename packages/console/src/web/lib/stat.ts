import type { PanelDefinition, ThresholdStep } from '@srcobs/stack';
import type { AlignedSeries, TableRow } from './series.js';

/** One big number of a stat panel. */
export interface StatValue {
  readonly name: string;
  /** In the panel's unit; epoch milliseconds for a `Time` reduction. */
  readonly value: number | null;
}

/** The colour of a value: the last step it reaches (the first step, from -∞, has value null). */
export function thresholdColor(value: number | null, steps: readonly ThresholdStep[] | undefined): ThresholdStep['color'] | undefined {
  if (!steps || steps.length === 0 || value === null) return undefined;
  let colour = steps[0]!.color;
  for (const s of steps) if (s.value === null || value >= s.value) colour = s.color;
  return colour;
}

function reduce(ys: ReadonlyArray<number | null>, calc: NonNullable<PanelDefinition['reduce']>['calc']): number | null {
  const vals = ys.filter((y): y is number => y !== null);
  if (vals.length === 0) return null;
  switch (calc) {
    case 'last':
      return ys[ys.length - 1] ?? null;
    case 'sum':
      return vals.reduce((a, b) => a + b, 0);
    case 'max':
      return Math.max(...vals);
    case 'mean':
      return vals.reduce((a, b) => a + b, 0) / vals.length;
    case 'lastNotNull':
    default:
      return vals[vals.length - 1]!;
  }
}

/**
 * The values a stat panel shows: instant results as they are; range results reduced per series
 * (`lastNotNull` by default), or, for `field: 'Time'`, the time of the series' last point, which
 * is how "last event" panels say when a category last had a line.
 */
export function statValues(panel: Pick<PanelDefinition, 'reduce'>, series: AlignedSeries | undefined, rows: readonly TableRow[]): StatValue[] {
  const calc = panel.reduce?.calc ?? 'lastNotNull';
  // A result without labels (`sum(...)`) has nothing to name it by: Grafana shows the number alone.
  const nameOf = (s: { readonly name: string; readonly labels: Readonly<Record<string, string>> }): string => (Object.keys(s.labels).length === 0 ? '' : s.name);
  if (series && series.series.length > 0) {
    return series.series.map((s) => {
      if (panel.reduce?.field === 'Time') {
        let last: number | null = null;
        s.ys.forEach((y, i) => {
          if (y !== null && y !== 0) last = series.xs[i]! * 1000;
        });
        return { name: nameOf(s), value: last };
      }
      return { name: nameOf(s), value: reduce(s.ys, calc) };
    });
  }
  return rows.map((r) => ({ name: nameOf(r), value: r.value }));
}

/**
 * Grid widths (out of 24) of a row's panels: a panel without a width shares what the others leave,
 * evenly, as Grafana lays out a row.
 */
export function panelWidths(panels: ReadonlyArray<Pick<PanelDefinition, 'width'>>): number[] {
  const fixed = panels.reduce((sum, p) => sum + (p.width ?? 0), 0);
  const flexible = panels.filter((p) => p.width === undefined).length;
  const share = flexible > 0 ? Math.max(4, Math.floor(Math.max(0, 24 - fixed) / flexible) || Math.floor(24 / flexible)) : 0;
  return panels.map((p) => Math.max(1, Math.min(24, p.width ?? share)));
}
