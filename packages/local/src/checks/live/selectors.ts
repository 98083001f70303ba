import type { LabelMatcher } from '../../model/labels.js';
import { selectorsOf } from '../../query/logql/syntax/ast.js';
import { parseLogQL } from '../../query/logql/syntax/parser.js';
import { selectorsOf as promqlSelectorsOf } from '../../query/promql/syntax/ast.js';
import { parsePromQL } from '../../query/promql/syntax/parser.js';

function formatMatchers(name: string | undefined, matchers: readonly LabelMatcher[]): string {
  const rest = matchers.filter((m) => !(name !== undefined && m.name === '__name__' && m.op === '='));
  return `${name ?? ''}{${rest.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`;
}

/** The distinct series selectors of a PromQL expression, printed (`up{job="x"}`). Throws the parser's error. */
export function promqlSelectors(expr: string): string[] {
  return [...new Set(promqlSelectorsOf(parsePromQL(expr)).map((vs) => formatMatchers(vs.name, vs.matchers)))];
}

/** The distinct stream selectors of a LogQL expression (`{ola_category="x"}`). Throws the parser's error. */
export function logqlSelectors(expr: string): string[] {
  return [...new Set(selectorsOf(parseLogQL(expr)).map((s) => formatMatchers(undefined, s.matchers)))];
}

/** True when the expression alerts on absence, so an empty input makes it fire rather than never fire. */
export function alertsOnAbsence(expr: string): boolean {
  return /\babsent(?:_over_time)?\s*\(/.test(expr);
}
