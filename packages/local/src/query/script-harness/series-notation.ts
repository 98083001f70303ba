import type { Labels } from '../../model/labels.js';
import { STALE_NAN } from '../../model/metrics.js';
// The notation is Prometheus' (promqltest): its numbers and quoted strings read as PromQL's do.
import { parseNumberLiteral, unquoteString } from '../promql/syntax/lexical.js';
import { NotationError } from './errors.js';

/** One position of a series description: a value, a staleness marker, or nothing. */
export type SequenceValue = { readonly kind: 'value'; readonly value: number } | { readonly kind: 'stale' } | { readonly kind: 'omitted' };

/** `metric{label="value"} 0+10x3 _ stale`: the label set and the expanded values. */
export interface SeriesDescription {
  readonly labels: Labels;
  readonly values: readonly SequenceValue[];
}

const UNSIGNED = String.raw`(?:inf|nan|(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|0x[0-9a-f]+)`;
const ITEM = new RegExp(`^([+-]?${UNSIGNED})(?:([+-])(${UNSIGNED}))?(?:x(\\d+))?$`, 'i');

function number(text: string): number {
  const v = parseNumberLiteral(text);
  if (v === undefined) throw new NotationError(`invalid number ${JSON.stringify(text)}`);
  return v;
}

/**
 * Expands the value notation of Prometheus' test scripts: `a+bxn` is n+1 values starting at a
 * and adding b each time (accumulated, as Prometheus does, so float steps drift the same way),
 * `axn` is a repeated n+1 times, `_` is a missing sample, `_xn` n missing samples, `stale` a
 * staleness marker.
 */
export function expandValues(text: string): SequenceValue[] {
  const out: SequenceValue[] = [];
  for (const item of text.split(/\s+/).filter((s) => s !== '')) {
    if (item === '_') {
      out.push({ kind: 'omitted' });
      continue;
    }
    const blank = /^_x(\d+)$/.exec(item);
    if (blank) {
      for (let i = 0; i < Number(blank[1]); i++) out.push({ kind: 'omitted' });
      continue;
    }
    if (item === 'stale') {
      out.push({ kind: 'stale' });
      continue;
    }
    if (item.startsWith('{{')) throw new NotationError('native histogram samples are not supported by this store');
    const m = ITEM.exec(item);
    if (!m) throw new NotationError(`invalid value ${JSON.stringify(item)}`);
    let value = number(m[1]!);
    if (m[4] === undefined) {
      if (m[2] !== undefined) throw new NotationError(`missing repetition count in ${JSON.stringify(item)}`);
      out.push({ kind: 'value', value });
      continue;
    }
    const delta = m[2] === undefined ? 0 : (m[2] === '-' ? -1 : 1) * number(m[3]!);
    const times = Number(m[4]);
    for (let i = 0; i <= times; i++) {
      out.push({ kind: 'value', value });
      value += delta;
    }
  }
  return out;
}

/** Reads `name{a="1", b='2'}` (either part optional) from the start of `line`; returns the labels and the rest. */
export function parseMetric(line: string): { labels: Labels; rest: string } {
  const labels: Record<string, string> = {};
  let i = 0;
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (name) {
    labels['__name__'] = name[0];
    i = name[0].length;
  }
  if (line[i] === '{') {
    i++;
    for (;;) {
      while (/\s|,/.test(line[i] ?? '')) i++;
      if (line[i] === '}') {
        i++;
        break;
      }
      if (i >= line.length) throw new NotationError('unclosed label set');
      let labelName: string;
      const bare = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i));
      if (bare) {
        labelName = bare[0];
        i += labelName.length;
      } else {
        const q = /^"(?:[^"\\]|\\.)*"/.exec(line.slice(i));
        if (!q) throw new NotationError(`invalid label name at ${JSON.stringify(line.slice(i, i + 10))}`);
        labelName = unquoteString(q[0]);
        i += q[0].length;
        while (/\s/.test(line[i] ?? '')) i++;
        if (line[i] !== '=') {
          // `{"metric.name"}`: a quoted metric name.
          labels['__name__'] = labelName;
          continue;
        }
      }
      while (/\s/.test(line[i] ?? '')) i++;
      if (line[i] !== '=') throw new NotationError(`expected = after label ${JSON.stringify(labelName)}`);
      i++;
      while (/\s/.test(line[i] ?? '')) i++;
      const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/.exec(line.slice(i));
      if (!quoted) throw new NotationError(`expected a quoted value for label ${JSON.stringify(labelName)}`);
      labels[labelName] = unquoteString(quoted[0]);
      i += quoted[0].length;
    }
  } else if (!name) {
    throw new NotationError(`expected a metric name or a label set, got ${JSON.stringify(line.slice(0, 20))}`);
  }
  return { labels, rest: line.slice(i) };
}

/** Parses one series line of a `load` block or an expected result. */
export function parseSeriesDescription(line: string): SeriesDescription {
  const { labels, rest } = parseMetric(line.trim());
  return { labels, values: expandValues(rest) };
}

/** The sample value a sequence position stands for (the staleness marker for `stale`). */
export function sampleValue(v: SequenceValue): number | undefined {
  return v.kind === 'value' ? v.value : v.kind === 'stale' ? STALE_NAN : undefined;
}
