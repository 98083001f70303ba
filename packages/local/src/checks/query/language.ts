/** The three query languages `srcobs query` runs. */
export type QueryLang = 'promql' | 'logql' | 'traceql';

/** A TraceQL spanset: `{ }`, or braces around an attribute, an intrinsic or a scoped name. */
const TRACEQL = /\{\s*(?:\}|\.|(?:span|trace|event|link|instrumentation):|(?:span|resource|event|link|instrumentation|parent)\.|(?:name|status|kind|duration|statusMessage|rootName|rootServiceName|traceDuration|nestedSetParent|nestedSetLeft|nestedSetRight)\s*(?:=|!=|=~|!~|>|<|>=|<=)(?!=))/;

/** A LogQL stream selector where PromQL could not have one: first, or straight inside a function's parentheses. */
const LOGQL_SELECTOR = /(?:^|\()\s*\{\s*(?!__name__)[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*"/;
/** Pipeline stages and line filters, which only LogQL has. */
const LOGQL_PIPELINE = /\}\s*(?:\|=|\|~|!=\s*"|!~\s*"|\|>|!>|\|\s*(?:json|logfmt|regexp|pattern|unpack|line_format|label_format|drop|keep|decolorize|unwrap|[a-zA-Z_]+\s*(?:=|!=|=~|!~|>|<)))/;

/**
 * The language of a query when the user did not say: TraceQL for spansets (`{ span.x = 1 }`,
 * `{ name = "GET" }`, `{}`), LogQL for stream selectors that stand alone or straight inside a
 * function (`{app="x"} |= "error"`, `rate({app="x"}[5m])`), PromQL otherwise. A PromQL selector
 * without a metric name that does not start with `__name__` (`sum({job="x"})`) looks like LogQL:
 * pass `--lang promql` for it.
 */
export function guessLanguage(expr: string): QueryLang {
  const text = expr.trim();
  if (LOGQL_PIPELINE.test(text)) return 'logql';
  // A range (`{…}[5m]`) is PromQL or LogQL, never TraceQL.
  if (/\}\s*\[/.test(text)) return LOGQL_SELECTOR.test(text) ? 'logql' : 'promql';
  if (TRACEQL.test(text)) return 'traceql';
  return LOGQL_SELECTOR.test(text) ? 'logql' : 'promql';
}
