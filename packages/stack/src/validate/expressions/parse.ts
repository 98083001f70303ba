import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as traceqlParser } from '@grafana/lezer-traceql';
import type { SyntaxNodeRef, Tree } from '@lezer/common';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import type { QueryLanguage } from '../../dashboards/types.js';
import { interpolate } from './interpolate.js';

/** A syntax error in a query, positioned in the text as written (1-based line and column). */
export interface QueryProblem {
  readonly offset: number;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** What parsing a query found: its syntax errors, and (PromQL) the metric names it selects. */
export interface ParsedQuery {
  readonly problems: readonly QueryProblem[];
  readonly metricNames: readonly string[];
}

const PARSERS = { promql: promqlParser, logql: logqlParser, traceql: traceqlParser } as const;

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** The query with a caret under `offset`, for messages read in a terminal. */
export function caret(text: string, offset: number): string {
  const { line, col } = lineCol(text, offset);
  const row = text.split('\n')[line - 1] ?? '';
  return `${row}\n${' '.repeat(col - 1)}^`;
}

/** The token starting at `from`: a word, number, string, two-character operator or one character. */
const TOKEN = /^(?:[A-Za-z_:][\w:.]*|\d+(?:\.\d+)?[a-z]*|"(?:[^"\\]|\\.)*"|[=!<>]=|=~|!~|&&|\|\||>>|\S)/;

function describe(text: string, from: number): string {
  const rest = text.slice(from).replace(/^\s+/, '');
  if (rest === '') return 'unexpected end of query (an unclosed bracket or a missing operand?)';
  return `unexpected ${JSON.stringify(TOKEN.exec(rest)?.[0] ?? rest[0])}`;
}

/** Metric names in PromQL vector selectors (`rate(foo[5m])` → `foo`). */
function promqlMetricNames(tree: Tree, text: string): string[] {
  const names: string[] = [];
  tree.iterate({
    enter(node: SyntaxNodeRef) {
      if (node.name !== 'VectorSelector') return;
      const id = node.node.getChild('Identifier');
      if (id) names.push(text.slice(id.from, id.to));
    },
  });
  return names;
}

/**
 * Parses a query with the language's lezer grammar (the grammars Prometheus' and Grafana's own
 * editors use) after replacing Grafana variables; every error node becomes a problem positioned in
 * the original text. `provisioning` undoes the `$$` escape of Grafana provisioning files first.
 */
export function parseQuery(language: QueryLanguage, expr: string, options: { readonly provisioning?: boolean } = {}): ParsedQuery {
  if (expr.trim() === '') return { problems: [{ offset: 0, line: 1, col: 1, message: 'empty query' }], metricNames: [] };
  const interpolated = interpolate(expr, options);
  const tree = PARSERS[language].parse(interpolated.text);
  const problems: QueryProblem[] = [];
  const seen = new Set<number>();
  tree.iterate({
    enter(node: SyntaxNodeRef) {
      if (!node.type.isError) return;
      const offset = interpolated.offsets[node.from] ?? expr.length;
      // Error recovery often marks several nodes at one spot: one message per position.
      if (seen.has(offset)) return;
      seen.add(offset);
      problems.push({ offset, ...lineCol(expr, offset), message: describe(interpolated.text, node.from) });
    },
  });
  return { problems, metricNames: language === 'promql' ? promqlMetricNames(tree, interpolated.text) : [] };
}
