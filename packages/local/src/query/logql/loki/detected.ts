import type { LabelMatcher } from '../../../model/labels.js';
import type { LogReader } from '../../../model/store.js';
import type { QueryContext } from '../eval/context.js';
import { LabelsBuilder, streamBase } from '../eval/labels-builder.js';
import type { LogStream } from '../eval/log-select.js';
import { jsonParser } from '../eval/parsers/json-parsers.js';
import { logfmtParser } from '../eval/parsers/logfmt.js';
import type { LineState } from '../eval/stage.js';
import { GoValueError, parseGoDuration, parseGoFloat, parseHumanBytes } from '../syntax/literals.js';

/** One field of `/detected_fields`. `parsers` is null for structured metadata, as in Loki. */
export interface DetectedField {
  readonly label: string;
  readonly type: 'int' | 'float' | 'boolean' | 'duration' | 'bytes' | 'string';
  readonly cardinality: number;
  readonly parsers: readonly string[] | null;
}

function converts(f: (v: string) => unknown, v: string): boolean {
  try {
    f(v);
    return true;
  } catch (error) {
    if (error instanceof GoValueError) return false;
    throw error;
  }
}

/** Loki's `determineType`: the first of int, float, boolean, duration, bytes that parses, else string. */
export function detectType(v: string): DetectedField['type'] {
  if (/^[+-]?\d+$/.test(v) && Math.abs(Number(v)) <= Number.MAX_SAFE_INTEGER * 1024) return 'int';
  if (converts(parseGoFloat, v)) return 'float';
  if (/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(v)) return 'boolean';
  if (converts(parseGoDuration, v)) return 'duration';
  if (v !== '' && converts(parseHumanBytes, v)) return 'bytes';
  return 'string';
}

interface Acc {
  type: DetectedField['type'];
  values: Set<string>;
  parsers: Set<string> | null;
}

/**
 * `/detected_fields` (Grafana's Logs Drilldown and the Explore field list): over the lines a log
 * query returns, the structured metadata and the fields a json (line starting with `{`) or
 * logfmt parser finds, with the type of their first value and how many distinct values they have.
 */
export function detectFields(streams: readonly LogStream[], limit: number): DetectedField[] {
  const fields = new Map<string, Acc>();
  const lbs = new LabelsBuilder();
  const json = jsonParser();
  const logfmt = logfmtParser(false, false);
  const empty = streamBase({});
  const note = (name: string, value: string, parser: string | null): void => {
    let acc = fields.get(name);
    if (!acc) fields.set(name, (acc = { type: detectType(value), values: new Set(), parsers: parser === null ? null : new Set() }));
    acc.values.add(value);
    if (parser !== null) (acc.parsers ??= new Set()).add(parser);
  };
  for (const s of streams) {
    for (const v of s.values) {
      for (const [k, val] of Object.entries(v.categorized?.metadata ?? {})) note(k, val, null);
      const parser = v.line.trimStart().startsWith('{') ? 'json' : 'logfmt';
      lbs.reset(empty);
      const state: LineState = { line: v.line, tsNs: v.tsNs, lbs };
      (parser === 'json' ? json : logfmt)(state);
      if (lbs.hasErr()) continue;
      for (const [k, val] of lbs.entries()) note(k, val, parser);
    }
  }
  return [...fields.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([label, acc]) => ({ label, type: acc.type, cardinality: acc.values.size, parsers: acc.parsers ? [...acc.parsers].sort() : null }));
}

/** `/detected_labels`: the stream labels of the selected streams and how many values each has. */
export function detectLabels(ctx: QueryContext, reader: LogReader, matchers: readonly LabelMatcher[], startNs: bigint, endNs: bigint): Array<{ label: string; cardinality: number }> {
  const values = new Map<string, Set<string>>();
  for (const ref of ctx.read(() => reader.streams(matchers, startNs, endNs))) {
    for (const [k, v] of Object.entries(ref.labels)) {
      let set = values.get(k);
      if (!set) values.set(k, (set = new Set()));
      set.add(v);
    }
  }
  return [...values.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([label, set]) => ({ label, cardinality: set.size }));
}
