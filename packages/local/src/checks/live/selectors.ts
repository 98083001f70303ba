import type { LabelMatcher } from '../../model/labels.js';
import { selectorsOf } from '../../query/logql/syntax/ast.js';
import { parseLogQL } from '../../query/logql/syntax/parser.js';
import { parsePromQL } from '../../query/promql/syntax/parser.js';

function formatMatchers(name: string | undefined, matchers: readonly LabelMatcher[]): string {
  const rest = matchers.filter((m) => !(name !== undefined && m.name === '__name__' && m.op === '='));
  return `${name ?? ''}{${rest.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`;
}

/** Walks any AST node: every object with a `kind`, depth first. */
function visit(node: unknown, fn: (n: { kind: string } & Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, fn);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as { kind?: unknown } & Record<string, unknown>;
  if (typeof n.kind === 'string') fn(n as { kind: string } & Record<string, unknown>);
  for (const [key, value] of Object.entries(n)) if (key !== 'pos' && typeof value === 'object') visit(value, fn);
}

/** The distinct series selectors of a PromQL expression, printed (`up{job="x"}`). Throws the parser's error. */
export function promqlSelectors(expr: string): string[] {
  const out = new Set<string>();
  visit(parsePromQL(expr), (n) => {
    if (n.kind !== 'vectorSelector') return;
    out.add(formatMatchers(n['name'] as string | undefined, n['matchers'] as readonly LabelMatcher[]));
  });
  return [...out];
}

/** The distinct stream selectors of a LogQL expression (`{ola_category="x"}`). Throws the parser's error. */
export function logqlSelectors(expr: string): string[] {
  return [...new Set(selectorsOf(parseLogQL(expr)).map((s) => formatMatchers(undefined, s.matchers)))];
}

/** True when the expression alerts on absence, so an empty input makes it fire rather than never fire. */
export function alertsOnAbsence(expr: string): boolean {
  return /\babsent(?:_over_time)?\s*\(/.test(expr);
}
