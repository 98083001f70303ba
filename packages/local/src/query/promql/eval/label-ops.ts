import { labelsKey, type Labels } from '../../../model/labels.js';

const KEYS = new WeakMap<Labels, string>();

/** `labelsKey`, remembered per label-set object: the same series is keyed by several nodes. */
export function keyOf(labels: Labels): string {
  let k = KEYS.get(labels);
  if (k === undefined) KEYS.set(labels, (k = labelsKey(labels)));
  return k;
}

/** The label set without `__name__` (the same object when there is none). */
export function dropMetricName(labels: Labels): Labels {
  if (labels['__name__'] === undefined) return labels;
  const { __name__: _, ...rest } = labels;
  return rest;
}

/** Only the listed labels. */
export function keepLabels(labels: Labels, names: readonly string[]): Labels {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = labels[n];
    if (v !== undefined && v !== '') out[n] = v;
  }
  return out;
}

/** All labels but the listed ones. */
export function removeLabels(labels: Labels, names: readonly string[]): Labels {
  const out: Record<string, string> = {};
  for (const n of Object.keys(labels)) if (!names.includes(n)) out[n] = labels[n]!;
  return out;
}

/** A copy with `name` set to `value`, or removed when `value` is empty (Prometheus' label builder). */
export function setLabel(labels: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...labels };
  if (value === '') delete out[name];
  else out[name] = value;
  return out;
}

/**
 * Prometheus' `labels.Compare`: label by label in name order, names first, then values; a prefix
 * sorts first. Used to order range-query results and selector output.
 */
export function compareLabels(a: Labels, b: Labels): number {
  const an = Object.keys(a).sort();
  const bn = Object.keys(b).sort();
  const n = Math.min(an.length, bn.length);
  for (let i = 0; i < n; i++) {
    const x = an[i]!;
    const y = bn[i]!;
    if (x !== y) return x < y ? -1 : 1;
    const xv = a[x]!;
    const yv = b[y]!;
    if (xv !== yv) return xv < yv ? -1 : 1;
  }
  return an.length - bn.length;
}

/**
 * The matching signature of a label set (Prometheus `signatureFunc`): with `on`, only the listed
 * labels; otherwise all labels but the listed ones and `__name__`.
 */
export function matchSignature(labels: Labels, on: boolean, names: readonly string[]): string {
  return labelsKey(on ? keepLabels(labels, names) : removeLabels(labels, ['__name__', ...names]));
}

/** Prometheus' `Labels.String()`: `{a="1", b="2"}` with `__name__` as a plain label, sorted by name. */
export function labelsString(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ')}}`;
}

/**
 * Sorts items by their label sets in Prometheus' order. The canonical key (`name\0value\1...`,
 * names sorted) orders label sets the way `labels.Compare` does, so each set is keyed once
 * instead of on every comparison.
 */
export function sortByLabels<T extends { readonly metric: Labels } | { readonly labels: Labels }>(items: T[]): T[] {
  const keyed = items.map((item) => ({ item, key: keyOf('metric' in item ? item.metric : item.labels) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.item);
}
