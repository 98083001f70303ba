import type { Labels } from '../../../model/labels.js';
import type { Grouping, VectorOp } from '../syntax/ast.js';
import { fullLabelsKey } from './labels-builder.js';
import { sample, type Sample } from './vector.js';

interface Group {
  readonly labels: Labels;
  readonly key: string;
  value: number;
  mean: number;
  count: number;
  members: Sample[];
}

function groupLabels(s: Sample, g: Grouping): Labels {
  const out: Record<string, string> = {};
  if (g.without) {
    for (const k of Object.keys(s.labels).sort()) if (!g.labels.includes(k) && k !== '__name__') out[k] = s.labels[k]!;
  } else {
    for (const k of [...g.labels].sort()) if (s.labels[k] !== undefined) out[k] = s.labels[k]!;
  }
  return out;
}

/** Descending by value, NaN last (Loki's max-heap order for topk and sort_desc). */
function byValueDesc(a: Sample, b: Sample): number {
  if (Number.isNaN(a.v)) return Number.isNaN(b.v) ? 0 : 1;
  if (Number.isNaN(b.v)) return -1;
  return b.v - a.v;
}

function byValueAsc(a: Sample, b: Sample): number {
  if (Number.isNaN(a.v)) return Number.isNaN(b.v) ? 0 : 1;
  if (Number.isNaN(b.v)) return -1;
  return a.v - b.v;
}

/**
 * One step of a vector aggregation (Loki's `VectorAggEvaluator`): samples grouped by the `by`
 * labels (or all but the `without` ones); `topk`/`bottomk`/`sort`/`sort_desc` keep the samples
 * themselves, in value order.
 */
export function aggregateStep(op: VectorOp, grouping: Grouping, param: number | undefined, vec: readonly Sample[]): Sample[] {
  if ((op === 'topk' || op === 'bottomk') && (param ?? 0) < 1) return [];
  const groups = new Map<string, Group>();
  for (const s of vec) {
    const labels = groupLabels(s, grouping);
    const key = fullLabelsKey(labels);
    let g = groups.get(key);
    if (!g) {
      groups.set(key, { labels, key, value: op === 'stddev' || op === 'stdvar' ? 0 : s.v, mean: s.v, count: 1, members: [s] });
      continue;
    }
    switch (op) {
      case 'sum':
        g.value += s.v;
        break;
      case 'avg':
        g.count++;
        g.mean += (s.v - g.mean) / g.count;
        break;
      case 'max':
        if (g.value < s.v || Number.isNaN(g.value)) g.value = s.v;
        break;
      case 'min':
        if (g.value > s.v || Number.isNaN(g.value)) g.value = s.v;
        break;
      case 'count':
        g.count++;
        break;
      case 'stddev':
      case 'stdvar': {
        g.count++;
        const delta = s.v - g.mean;
        g.mean += delta / g.count;
        g.value += delta * (s.v - g.mean);
        break;
      }
      default:
        g.members.push(s);
    }
  }
  const out: Sample[] = [];
  for (const g of groups.values()) {
    switch (op) {
      case 'avg':
        out.push(sample(g.labels, g.mean, g.key));
        break;
      case 'count':
        out.push(sample(g.labels, g.count, g.key));
        break;
      case 'stddev':
        out.push(sample(g.labels, Math.sqrt(g.value / g.count), g.key));
        break;
      case 'stdvar':
        out.push(sample(g.labels, g.value / g.count, g.key));
        break;
      case 'topk':
        out.push(...g.members.sort(byValueDesc).slice(0, param));
        break;
      case 'bottomk':
        out.push(...g.members.sort(byValueAsc).slice(0, param));
        break;
      case 'sort_desc':
        out.push(...g.members.sort(byValueDesc));
        break;
      case 'sort':
        out.push(...g.members.sort(byValueAsc));
        break;
      default:
        out.push(sample(g.labels, g.value, g.key));
    }
  }
  return out;
}
