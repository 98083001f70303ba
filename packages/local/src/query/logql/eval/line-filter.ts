import type { LineFilter } from '../syntax/ast.js';
import { compileRe2 } from '../syntax/regex.js';
import { Pattern } from './pattern.js';

/** A compiled line filter: true keeps the line. */
export type LineTest = (line: string) => boolean;

/** A literal needle, when a filter is a plain substring test (the fast path the scan can push down). */
export interface LiteralFilter {
  readonly op: '|=' | '!=';
  readonly needles: readonly string[];
}

function anyOf(tests: readonly LineTest[]): LineTest {
  if (tests.length === 1) return tests[0]!;
  return (line) => {
    for (const t of tests) if (t(line)) return true;
    return false;
  };
}

function positiveTest(op: LineFilter['op'], value: string): LineTest {
  switch (op) {
    case '|=':
    case '!=':
      if (value === '') return () => true;
      return (line) => line.includes(value);
    case '|~':
    case '!~': {
      const re = compileRe2(value);
      return (line) => re.test(line);
    }
    case '|>':
    case '!>': {
      const p = Pattern.filter(value);
      return (line) => p.test(line);
    }
  }
}

/**
 * Compiles one line filter with Loki's semantics: `|= "a" or "b"` keeps lines that contain either,
 * `!= "a" or "b"` keeps lines that contain neither; `|~` searches (unanchored RE2); `|>` matches a
 * pattern against the whole line.
 */
export function compileLineFilter(filter: LineFilter): LineTest {
  const positive = anyOf(filter.values.map((v) => positiveTest(filter.op, v)));
  const negated = filter.op === '!=' || filter.op === '!~' || filter.op === '!>';
  return negated ? (line) => !positive(line) : positive;
}

/** The substring needles of a contains/not-contains filter, for scans that test raw bytes first. */
export function literalFilter(filter: LineFilter): LiteralFilter | undefined {
  if (filter.op !== '|=' && filter.op !== '!=') return undefined;
  if (filter.values.some((v) => v === '')) return undefined;
  return { op: filter.op, needles: filter.values };
}
