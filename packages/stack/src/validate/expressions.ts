import { nearestName } from '../nearest.js';
import type { RenderedFile } from '../render/types.js';
import { HTTP_SERVER_DURATION } from '../dashboards/metric-names.js';
import { caret, parseQuery } from './expressions/parse.js';
import { querySources } from './expressions/sources.js';
import { METRIC_CATALOG } from './metric-catalog.js';
import type { Finding } from './types.js';

const CHECK = 'expressions';

const LANGUAGE_NAMES = { promql: 'PromQL', logql: 'LogQL', traceql: 'TraceQL' } as const;

function unknownMetricFix(name: string): string {
  const nearest = nearestName(name, METRIC_CATALOG.keys(), { always: true });
  const sdkHint = /^http_/.test(name) ? ` The SDK records requests in the histogram ${HTTP_SERVER_DURATION} (_bucket, _count, _sum; labels route, method, status_code).` : '';
  return `nothing exports "${name}", so this query returns no data.${sdkHint}${nearest ? ` Nearest known metric: ${nearest} (from ${METRIC_CATALOG.get(nearest)}).` : ''}`;
}

/**
 * Every PromQL, LogQL and TraceQL query in the rendered rules, dashboards and data-source links,
 * parsed with the lezer grammars of Prometheus' and Grafana's own editors: each syntax error is
 * reported with its line and column in the query as written (Grafana variables allowed). PromQL
 * metric names are checked against the catalogue of metrics the stack's components export, since
 * a misspelt name parses fine and silently returns nothing.
 */
export function validateExpressions(files: readonly RenderedFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const source of querySources(files)) {
    const { problems, metricNames } = parseQuery(source.language, source.expr, source.provisioning ? { provisioning: true } : {});
    for (const p of problems) {
      findings.push({
        severity: 'error',
        check: CHECK,
        file: source.file,
        path: `${source.location} ${p.line}:${p.col}`,
        message: `${LANGUAGE_NAMES[source.language]} syntax error at ${p.line}:${p.col}: ${p.message}\n${caret(source.expr, p.offset)}`,
      });
    }
    for (const name of new Set(metricNames)) {
      if (METRIC_CATALOG.has(name)) continue;
      findings.push({ severity: 'error', check: CHECK, file: source.file, path: source.location, message: `unknown metric "${name}" in ${source.expr}`, fix: unknownMetricFix(name) });
    }
  }
  return findings;
}
