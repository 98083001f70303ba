import type { VariableDefinition } from '@srcobs/stack';
import { regexEscape } from './logs.js';

/*
 * Grafana's template variables over dashboard queries: `$service`, `${service}`, `[[service]]`
 * and the built-ins `$__rate_interval`, `$__interval`, `$__range`.
 */

/** Grafana's "All" value. */
export const ALL = '$__all';

/** The values picked for each variable (a single-value variable holds one). */
export type VariableValues = Readonly<Record<string, readonly string[]>>;

/** Built-in intervals, in seconds. */
export interface BuiltIns {
  readonly intervalSeconds: number;
  readonly rateIntervalSeconds: number;
  readonly rangeSeconds: number;
}

const seconds = (s: number): string => `${Math.max(1, Math.round(s))}s`;

/**
 * The text a variable stands for. Multi-value and "include All" variables sit inside regex
 * matchers (`job=~"$service"`), so their values are regex-escaped and joined as `(a|b)`, and All
 * matches anything non-empty, as Grafana formats them for Prometheus and Loki.
 */
export function formatVariable(def: VariableDefinition | undefined, values: readonly string[]): string {
  const regex = def?.kind === 'query' && (def.multi || def.includeAll);
  if (values.includes(ALL)) return '.+';
  if (!regex) return values[0] ?? '';
  if (values.length === 0) return '.+';
  return values.length === 1 ? regexEscape(values[0]!) : `(${values.map(regexEscape).join('|')})`;
}

/**
 * Replaces variables in a query. Unknown `$names` are left as they are so the query's own error
 * says what is missing.
 *
 * @example
 * ```ts
 * interpolate('rate(x{job=~"$service"}[$__rate_interval])', defs, { service: ['api'] }, builtIns);
 * // 'rate(x{job=~"api"}[60s])'
 * ```
 */
export function interpolate(expr: string, defs: readonly VariableDefinition[], values: VariableValues, builtIns: BuiltIns): string {
  const builtin: Record<string, string> = {
    __rate_interval: seconds(builtIns.rateIntervalSeconds),
    __interval: seconds(builtIns.intervalSeconds),
    __range: seconds(builtIns.rangeSeconds),
  };
  return expr.replace(/\$\{(\w+)\}|\[\[(\w+)\]\]|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined, c: string | undefined) => {
    const name = (a ?? b ?? c)!;
    if (name in builtin) return builtin[name]!;
    const def = defs.find((d) => d.name === name);
    const picked = values[name];
    if (!def && !picked) return whole;
    return formatVariable(def, picked ?? defaultValues(def));
  });
}

/** A variable's default pick. */
export function defaultValues(def: VariableDefinition | undefined): string[] {
  if (!def) return [];
  if (def.kind === 'custom') return [def.default];
  return def.default !== undefined ? [def.default] : def.includeAll ? [ALL] : [];
}

/** A `label_values(...)` variable query, as the Prometheus API asks it. */
export interface LabelValuesQuery {
  readonly label: string;
  /** The series selector of `match[]`, when the query has one. */
  readonly match?: string;
}

/** Reads `label_values(label)` or `label_values(selector, label)`; undefined for anything else. */
export function parseLabelValues(query: string): LabelValuesQuery | undefined {
  const m = /^\s*label_values\(\s*(?:(.*\S)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/s.exec(query);
  if (!m) return undefined;
  return m[1] ? { label: m[2]!, match: m[1] } : { label: m[2]! };
}
