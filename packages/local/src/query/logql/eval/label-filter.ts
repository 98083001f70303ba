import { compileMatcher } from '../../../model/labels.js';
import type { CompareOp, LabelFilterExpr } from '../syntax/ast.js';
import { GoValueError, parseGoDuration, parseGoFloat, parseHumanBytes } from '../syntax/literals.js';
import { compileRe2 } from '../syntax/regex.js';
import { ERROR_DETAILS_LABEL, ERROR_LABEL, type LabelsBuilder } from './labels-builder.js';
import { ERR_LABEL_FILTER } from './stage.js';

/** A compiled label filter: true keeps the line. May set `__error__` (conversion failures). */
export type LabelTest = (lbs: LabelsBuilder) => boolean;

function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

function labelValue(lbs: LabelsBuilder, name: string): string {
  if (name === ERROR_LABEL) return lbs.err;
  if (name === ERROR_DETAILS_LABEL) return lbs.errDetails;
  return lbs.get(name) ?? '';
}

/**
 * A typed comparison (number, duration, bytes) with Loki's rules: a line that already has an
 * error passes untouched; a missing label fails; a value that does not convert passes with
 * `__error__="LabelFilterErr"` and Go's conversion message in `__error_details__`.
 */
function typed(name: string, op: CompareOp, want: number, convert: (v: string) => number): LabelTest {
  return (lbs) => {
    if (lbs.hasErr()) return true;
    const v = lbs.get(name);
    if (v === undefined) return false;
    let got: number;
    try {
      got = convert(v);
    } catch (error) {
      if (!(error instanceof GoValueError)) throw error;
      lbs.setErr(ERR_LABEL_FILTER, error.message);
      return true;
    }
    return compare(op, got, want);
  };
}

/** Compiles a label filter tree (Loki's `LabelFilterer`s, including `and`/`or` evaluation order). */
export function compileLabelFilter(f: LabelFilterExpr): LabelTest {
  switch (f.kind) {
    case 'string': {
      const m = f.matcher;
      const test =
        m.op === '=~' || m.op === '!~'
          ? ((re: RegExp, neg: boolean) => (v: string) => re.test(v) !== neg)(compileRe2(m.value, { anchored: true }), m.op === '!~')
          : compileMatcher(m);
      return (lbs) => test(labelValue(lbs, m.name));
    }
    case 'number':
      return typed(f.name, f.op, f.value, parseGoFloat);
    case 'duration':
      return typed(f.name, f.op, f.value, (v) => parseGoDuration(v) / 1e9);
    case 'bytes':
      return typed(f.name, f.op, f.value, parseHumanBytes);
    case 'and': {
      const l = compileLabelFilter(f.left);
      const r = compileLabelFilter(f.right);
      return (lbs) => {
        const lok = l(lbs);
        const rok = r(lbs);
        return lok && rok;
      };
    }
    case 'or': {
      const l = compileLabelFilter(f.left);
      const r = compileLabelFilter(f.right);
      return (lbs) => l(lbs) || r(lbs);
    }
  }
}
