import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { LABEL_NAME_PATTERN, METRIC_NAME_PATTERN, type Labels } from '../model/labels.js';
import { parsePromQL } from '../query/promql/syntax/parser.js';
import { parseDuration } from '../query/promql/syntax/lexical.js';
import { RuleFileError } from './errors.js';
import { compileTemplate } from './template.js';

/** One recording or alerting rule, as written. */
export interface RuleSpec {
  readonly kind: 'record' | 'alert';
  /** The recorded metric name, or the alert name. */
  readonly name: string;
  readonly expr: string;
  /** How long an alert stays pending before it fires (`for`). */
  readonly forMs: number;
  /** How long an alert keeps firing after its condition went away (`keep_firing_for`). */
  readonly keepFiringForMs: number;
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** A rule group, as written. */
export interface RuleGroupSpec {
  readonly name: string;
  readonly file: string;
  /** The group's own `interval`; the manager's default otherwise. */
  readonly intervalMs: number | undefined;
  /** Most series a rule may produce per evaluation (0: no limit). */
  readonly limit: number;
  /** Evaluate this much in the past (`query_offset`), for late data. */
  readonly queryOffsetMs: number;
  /** Labels added to every rule of the group (Prometheus 3 group labels). */
  readonly labels: Labels;
  readonly rules: readonly RuleSpec[];
}

const GROUP_FIELDS = new Set(['name', 'interval', 'query_offset', 'limit', 'labels', 'rules']);
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function duration(v: unknown, where: string, field: string): number {
  if (v === undefined || v === null) return 0;
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined) throw new RuleFileError(where, `"${field}" must be a duration such as 5m, got ${JSON.stringify(v)}`);
  return ms;
}

function stringMap(v: unknown, where: string, field: string, checkNames: boolean): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw new RuleFileError(where, `"${field}" must be a map of names to strings`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (checkNames && !LABEL_NAME_PATTERN.test(k)) throw new RuleFileError(where, `invalid label name ${JSON.stringify(k)} in "${field}"`);
    if (typeof val === 'object' && val !== null) throw new RuleFileError(where, `"${field}.${k}" must be a string`);
    out[k] = val === null ? '' : String(val);
  }
  return out;
}

/** How a rule file is read: which query language checks the expressions. */
export interface RuleFileOptions {
  /** Throws when an expression does not parse. Default: PromQL's parser; the Loki ruler passes LogQL's. */
  readonly checkExpr?: (expr: string) => void;
}

function parseRule(raw: unknown, where: string, checkExpr: (expr: string) => void): RuleSpec {
  if (!isObj(raw)) throw new RuleFileError(where, 'a rule must be a map with "record" or "alert" and "expr"');
  for (const k of Object.keys(raw)) if (!RULE_FIELDS.has(k)) throw new RuleFileError(where, `field ${k} not found in a rule (allowed: ${[...RULE_FIELDS].join(', ')})`);
  const record = raw['record'];
  const alert = raw['alert'];
  if ((record === undefined) === (alert === undefined)) throw new RuleFileError(where, 'one of "record" or "alert" must be set, not both');
  const kind = record !== undefined ? 'record' : 'alert';
  const name = String(record ?? alert ?? '');
  const at = `${where} (${kind} ${JSON.stringify(name)})`;
  if (name === '') throw new RuleFileError(at, `"${kind}" must not be empty`);
  if (kind === 'record' && !METRIC_NAME_PATTERN.test(name)) throw new RuleFileError(at, `invalid recording rule name ${JSON.stringify(name)}: use a metric name such as job:http_requests:rate5m`);
  const exprRaw = raw['expr'];
  if (exprRaw === undefined || exprRaw === null || String(exprRaw).trim() === '') throw new RuleFileError(at, '"expr" is required');
  const expr = String(exprRaw);
  try {
    checkExpr(expr);
  } catch (error) {
    throw new RuleFileError(at, `could not parse expression: ${(error as Error).message}`, { cause: error });
  }
  if (kind === 'record') {
    for (const f of ['for', 'keep_firing_for', 'annotations']) if (raw[f] !== undefined) throw new RuleFileError(at, `invalid field "${f}" in recording rule`);
  }
  const labels = stringMap(raw['labels'], at, 'labels', true);
  const annotations = stringMap(raw['annotations'], at, 'annotations', true);
  if (kind === 'alert') {
    for (const [k, v] of [...Object.entries(labels), ...Object.entries(annotations)]) {
      try {
        compileTemplate(v, `__alert_${name}_${k}`);
      } catch (error) {
        throw new RuleFileError(at, `bad template in ${k}: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  return { kind, name, expr, forMs: duration(raw['for'], at, 'for'), keepFiringForMs: duration(raw['keep_firing_for'], at, 'keep_firing_for'), labels, annotations };
}

/**
 * Parses a Prometheus rule file (the format `promtool check rules` accepts and the Kubernetes
 * renderer writes): groups of recording and alerting rules. Every error names the file, group
 * and rule.
 */
export function parseRuleFile(text: string, file: string, options: RuleFileOptions = {}): RuleGroupSpec[] {
  const checkExpr = options.checkExpr ?? ((expr: string) => void parsePromQL(expr));
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) throw new RuleFileError(file, doc.errors[0]!.message);
  const root = doc.toJS() as unknown;
  if (root === null || root === undefined) return [];
  if (!isObj(root)) throw new RuleFileError(file, 'a rule file is a map with a "groups" list');
  for (const k of Object.keys(root)) if (k !== 'groups') throw new RuleFileError(file, `field ${k} not found (a rule file has only "groups")`);
  const groups = root['groups'] ?? [];
  if (!Array.isArray(groups)) throw new RuleFileError(file, '"groups" must be a list');
  const seen = new Set<string>();
  return groups.map((g, gi) => {
    if (!isObj(g)) throw new RuleFileError(`${file}: group ${gi + 1}`, 'a group must be a map with "name" and "rules"');
    const name = String(g['name'] ?? '');
    const where = `${file}: group ${JSON.stringify(name)}`;
    if (name === '') throw new RuleFileError(`${file}: group ${gi + 1}`, 'groupname must not be empty');
    if (seen.has(name)) throw new RuleFileError(where, `groupname: ${JSON.stringify(name)} is repeated in the same file`);
    seen.add(name);
    for (const k of Object.keys(g)) if (!GROUP_FIELDS.has(k)) throw new RuleFileError(where, `field ${k} not found in a group (allowed: ${[...GROUP_FIELDS].join(', ')})`);
    const rules = g['rules'] ?? [];
    if (!Array.isArray(rules)) throw new RuleFileError(where, '"rules" must be a list');
    const intervalMs = g['interval'] === undefined ? undefined : duration(g['interval'], where, 'interval');
    if (intervalMs !== undefined && intervalMs <= 0) throw new RuleFileError(where, '"interval" must be greater than 0');
    const limit = g['limit'] === undefined ? 0 : Number(g['limit']);
    if (!Number.isInteger(limit) || limit < 0) throw new RuleFileError(where, '"limit" must be a non-negative integer');
    return {
      name,
      file,
      intervalMs,
      limit,
      queryOffsetMs: duration(g['query_offset'], where, 'query_offset'),
      labels: stringMap(g['labels'], where, 'labels', true),
      rules: rules.map((r, ri) => parseRule(r, `${where}, rule ${ri + 1}`, checkExpr)),
    };
  });
}

/** Reads and parses a rule file from disk. */
export async function loadRuleFile(path: string, options: RuleFileOptions = {}): Promise<RuleGroupSpec[]> {
  return parseRuleFile(await readFile(path, 'utf8'), path, options);
}
