import type { Unit } from '@srcobs/stack';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot, { type AlignedData, type Options } from 'uplot';
import type { ExemplarPoint } from '../lib/exemplars.js';
import { formatClock, formatValue } from '../lib/format.js';
import type { AlignedSeries } from '../lib/series.js';

/** Series colours: Grafana's classic palette, readable on the dark background. */
export const PALETTE = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#705da0', '#37872d', '#fade2a', '#447ebc', '#c15c17'];

/** Props of {@link TimeChart}. */
export interface TimeChartProps {
  readonly data: AlignedSeries;
  /** What the chart shows, for screen readers. */
  readonly label: string;
  readonly unit?: Unit;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
  /** Bars (a histogram of log volume) instead of lines. */
  readonly bars?: boolean;
  readonly height?: number;
  /** Exemplar dots; a click (or Enter on the focused dot) opens the trace. */
  readonly exemplars?: readonly ExemplarPoint[];
  readonly onExemplar?: (e: ExemplarPoint) => void;
  /** The x range in unix seconds, so an empty edge of the range stays visible. */
  readonly xRange?: readonly [number, number];
}

function exemplarLabel(e: ExemplarPoint, unit: Unit | undefined): string {
  const where = [e.series['job'], e.series['route']].filter(Boolean).join(' ');
  return `Exemplar ${formatValue(e.value, unit)}${where ? ` on ${where}` : ''} at ${formatClock(e.time * 1000)}: open trace ${e.traceId}`;
}

/**
 * A uPlot time series chart: legend with values under the cursor, exemplar dots drawn as buttons
 * over the plot (so they can be clicked, focused and read), and the number of points drawn in
 * `data-points` for tests and curious users.
 */
export function TimeChart(props: TimeChartProps): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const el = host.current!;
    const { data, unit, decimals, exemplars = [] } = props;
    const fmt = (v: number | null): string => (v === null ? '—' : formatValue(v, unit, decimals));
    const ys = data.series.flatMap((s) => s.ys.filter((y): y is number => y !== null));
    const exMax = exemplars.reduce((m, e) => Math.max(m, e.value), -Infinity);
    let layer: HTMLDivElement | undefined;
    const opts: Options = {
      width: Math.max(200, el.clientWidth),
      height: props.height ?? 260,
      cursor: { points: { size: 6 }, focus: { prox: 16 } },
      legend: { live: true },
      scales: {
        x: { time: true, ...(props.xRange ? { range: () => [props.xRange![0], props.xRange![1]] } : {}) },
        y: {
          range: (_u, lo, hi) => {
            const low = props.min ?? Math.min(0, lo);
            let high = props.max ?? Math.max(hi, Number.isFinite(exMax) ? exMax : hi);
            if (!(high > low)) high = low + 1;
            return [low, high + (props.max === undefined ? (high - low) * 0.05 : 0)];
          },
        },
      },
      axes: [
        { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' }, ticks: { stroke: '#2a2f3a' }, values: (_u, splits, _axis, _space, incr) => splits.map((v) => timeTick(v, incr)) },
        { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' }, ticks: { stroke: '#2a2f3a' }, size: 70, values: (_u, splits) => splits.map((v) => formatValue(v, unit, decimals)) },
      ],
      series: [
        { value: (_u, v) => (v === null ? '' : formatClock(v * 1000)) },
        ...data.series.map((s, i) => ({
          label: s.name,
          stroke: PALETTE[i % PALETTE.length]!,
          width: 1.5,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => fmt(v),
          ...(props.bars ? { fill: `${PALETTE[i % PALETTE.length]!}99`, paths: uPlot.paths.bars!({ size: [0.8, 40] }), points: { show: false } } : { points: { show: (u: uPlot) => u.data[0].length < 40 } }),
        })),
      ],
      hooks: {
        draw: [(u) => placeExemplars(u, layer)],
      },
    };
    const aligned: AlignedData = [data.xs, ...data.series.map((s) => s.ys)];
    const chart = new uPlot(opts, aligned, el);
    // Exemplar dots live in uPlot's overlay, above the canvas, and are repositioned on every draw.
    layer = document.createElement('div');
    layer.className = 'exemplar-layer';
    chart.over.appendChild(layer);
    // Later elements draw on top: the slowest exemplars, the ones worth opening, stay clickable where dots overlap.
    for (const e of [...exemplars].sort((a, b) => a.value - b.value)) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'exemplar-dot';
      b.dataset['traceId'] = e.traceId;
      b.dataset['time'] = String(e.time);
      b.dataset['value'] = String(e.value);
      b.setAttribute('aria-label', exemplarLabel(e, unit));
      b.title = exemplarLabel(e, unit);
      b.addEventListener('click', (ev) => {
        ev.stopPropagation();
        latest.current.onExemplar?.(e);
      });
      layer.appendChild(b);
    }
    placeExemplars(chart, layer);
    el.dataset['points'] = String(data.points);
    el.dataset['series'] = String(data.series.length);
    el.dataset['yMax'] = ys.length ? String(Math.max(...ys)) : '';
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height: props.height ?? 260 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [props.data, props.exemplars, props.bars, props.unit, props.xRange?.[0], props.xRange?.[1]]);

  return <div class="time-chart" ref={host} role="figure" aria-label={props.label} />;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** An x tick as a person reads it at this spacing: seconds only when ticks are seconds apart, the date when days apart. */
function timeTick(seconds: number, incr: number): string {
  const d = new Date(seconds * 1000);
  if (incr >= 86400) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (incr >= 60) return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function placeExemplars(u: uPlot, layer: HTMLDivElement | undefined): void {
  if (!layer) return;
  for (const child of Array.from(layer.children) as HTMLElement[]) {
    const x = u.valToPos(Number(child.dataset['time']), 'x');
    const y = u.valToPos(Number(child.dataset['value']), 'y');
    const visible = Number.isFinite(x) && Number.isFinite(y) && x >= 0 && x <= u.over.clientWidth && y >= 0 && y <= u.over.clientHeight;
    child.style.display = visible ? '' : 'none';
    child.style.left = `${x}px`;
    child.style.top = `${y}px`;
  }
}
