import { labelsKey, type Labels } from '../../../model/labels.js';
import { formatFloatF } from '../syntax/go-float.js';
import type { QueryResult, QueryValue } from '../eval/engine.js';
import { almostEqual } from '../eval/math.js';
import { labelsString } from '../eval/label-ops.js';
import type { EvalCommand, Expectation } from './script.js';
import { sampleValue } from './series-notation.js';

/** Relative tolerance for sample values, as Prometheus' promqltest (`defaultEpsilon`). */
export const EPSILON = 1e-6;

/** A result that differs from the script's expectation; the message says how. */
export class ExpectationError extends Error {
  override readonly name = 'ExpectationError';
}

function fmt(v: number): string {
  return formatFloatF(v);
}

function sameValue(expected: number, got: number): boolean {
  return almostEqual(expected, got, EPSILON);
}

function matches(e: Expectation, text: string): boolean {
  if (e.message !== undefined) return text === e.message;
  if (e.regex) return e.regex.test(text);
  return true;
}

/** Checks the error (or its absence) against `expect fail`. Returns true when the case ends here. */
export function checkFailure(cmd: EvalCommand, error: unknown): boolean {
  if (error === undefined) {
    if (cmd.fail) throw new ExpectationError(`expected the query to fail${cmd.fail.message ? ` with ${JSON.stringify(cmd.fail.message)}` : ''}, but it succeeded`);
    return false;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (!cmd.fail) throw new ExpectationError(`unexpected error: ${message}`, { cause: error });
  if (!matches(cmd.fail, message)) {
    throw new ExpectationError(`expected error ${cmd.fail.message !== undefined ? JSON.stringify(cmd.fail.message) : `matching ${String(cmd.fail.regex)}`}, got ${JSON.stringify(message)}`);
  }
  return true;
}

function checkAnnotations(kind: 'warn' | 'info', expected: readonly Expectation[], none: boolean, got: readonly string[]): void {
  if (none && got.length > 0) throw new ExpectationError(`expected no ${kind} annotations, got ${JSON.stringify(got)}`);
  if (expected.length === 0) return;
  for (const e of expected) {
    if (!got.some((g) => matches(e, g))) throw new ExpectationError(`expected a ${kind} annotation${e.message ? ` ${JSON.stringify(e.message)}` : e.regex ? ` matching ${String(e.regex)}` : ''}, got ${JSON.stringify(got)}`);
  }
  for (const g of got) if (!expected.some((e) => matches(e, g))) throw new ExpectationError(`unexpected ${kind} annotation ${JSON.stringify(g)}`);
}

/** Checks warnings and infos against the `expect warn|info|no_warn|no_info` lines. */
export function checkAnnotationExpectations(cmd: EvalCommand, result: QueryResult): void {
  checkAnnotations('warn', cmd.warn, cmd.noWarn, result.warnings);
  checkAnnotations('info', cmd.info, cmd.noInfo, result.infos);
}

function expectedPoints(cmd: EvalCommand, values: EvalCommand['series'][number]['values']): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  values.forEach((sv, k) => {
    const v = sampleValue(sv);
    if (v !== undefined) out.push([cmd.start + k * cmd.step, v]);
  });
  return out;
}

function describe(labels: Labels): string {
  return labelsString(labels);
}

/** Compares a query value with the expected series, scalar or string of an eval command. */
export function checkValue(cmd: EvalCommand, value: QueryValue, ordered = cmd.ordered): void {
  if (value.resultType === 'scalar') {
    if (cmd.scalar === undefined) throw new ExpectationError(`got scalar ${fmt(value.v)}, but the script expects ${cmd.series.length} series`);
    if (!sameValue(cmd.scalar, value.v)) throw new ExpectationError(`expected scalar ${fmt(cmd.scalar)}, got ${fmt(value.v)}`);
    return;
  }
  if (value.resultType === 'string') {
    if (cmd.string === undefined) throw new ExpectationError(`got string ${JSON.stringify(value.v)}, but the script expects no string`);
    if (cmd.string !== value.v) throw new ExpectationError(`expected string ${JSON.stringify(cmd.string)}, got ${JSON.stringify(value.v)}`);
    return;
  }
  if (cmd.scalar !== undefined) throw new ExpectationError(`expected scalar ${fmt(cmd.scalar)}, got a ${value.resultType}`);
  if (cmd.string !== undefined) throw new ExpectationError(`expected string ${JSON.stringify(cmd.string)}, got a ${value.resultType}`);
  // Matrix series come as columns (`t`, `v`); other engines' results (LogQL's) may carry `points` tuples.
  type AnySeries = { metric: Labels; t?: ArrayLike<number>; v?: ArrayLike<number>; points?: ReadonlyArray<readonly [number, number]> };
  const got = (value.resultType === 'vector' ? value.result.map((s) => ({ metric: s.metric, t: [s.t], v: [s.v] })) : (value.result as readonly AnySeries[])).map((s: AnySeries) => ({
    metric: s.metric,
    points: s.points ?? Array.from({ length: s.t!.length }, (_, k) => [s.t![k]!, s.v![k]!] as const),
  }));
  const byKey = new Map(got.map((s, i) => [labelsKey(s.metric), { s, i }]));
  if (got.length !== cmd.series.length) {
    throw new ExpectationError(`expected ${cmd.series.length} series, got ${got.length}: ${got.map((s) => describe(s.metric)).join(', ') || 'none'}`);
  }
  cmd.series.forEach((exp, position) => {
    const found = byKey.get(labelsKey(exp.labels));
    if (!found) throw new ExpectationError(`expected series ${describe(exp.labels)} is missing; got ${got.map((s) => describe(s.metric)).join(', ')}`);
    if (ordered && found.i !== position) throw new ExpectationError(`expected ${describe(exp.labels)} at position ${position + 1}, got it at ${found.i + 1}`);
    const points = found.s.points;
    if (cmd.instant && value.resultType === 'vector') {
      const ev = sampleValue(exp.values[0]!);
      if (ev === undefined || !sameValue(ev, points[0]![1])) throw new ExpectationError(`expected ${ev === undefined ? 'no value' : fmt(ev)} for ${describe(exp.labels)}, got ${fmt(points[0]![1])}`);
      return;
    }
    const want = cmd.instant ? exp.values.flatMap((sv) => (sampleValue(sv) === undefined ? [] : [sampleValue(sv)!])) : expectedPoints(cmd, exp.values).map((p) => p[1]);
    const wantTimes = cmd.instant ? undefined : expectedPoints(cmd, exp.values).map((p) => p[0]);
    const show = (ps: ReadonlyArray<readonly [number, number]>): string => ps.map(([t, v]) => `${fmt(v)}@${t / 1000}s`).join(' ');
    if (want.length !== points.length) throw new ExpectationError(`expected ${want.length} points for ${describe(exp.labels)}, got ${points.length}: ${show(points)}`);
    points.forEach(([t, v], k) => {
      if (wantTimes && wantTimes[k] !== t) throw new ExpectationError(`expected a point at ${wantTimes[k]! / 1000}s for ${describe(exp.labels)}, got ${show(points)}`);
      if (!sameValue(want[k]!, v)) throw new ExpectationError(`expected ${fmt(want[k]!)} at ${t / 1000}s for ${describe(exp.labels)}, got ${fmt(v)}`);
    });
  });
}
