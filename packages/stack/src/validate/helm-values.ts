import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { nearestName } from '../nearest.js';
import type { RenderedFile } from '../render/types.js';
import type { Finding, ValidationContext, Validator } from './types.js';
import { loadChart } from './helm/chart-catalog.js';
import type { ChartCatalogEntry } from './helm/chart-catalog.js';
import { coalesceValues } from './helm/coalesce.js';
import { isPlainObject } from './helm/key-spec.js';
import { valueRuleFindings } from './helm/value-rules.js';
import type { KeySpec } from './helm/key-spec.js';

const CHECK = 'helm-values';
/** How many sibling keys a fix lists when no key is close. */
const MAX_LISTED_KEYS = 12;

/**
 * Every key of every rendered Helm values file against the pinned chart: its default values.yaml,
 * its values.schema.json (ajv) and its vendored subcharts. Helm itself ignores an unknown key
 * silently; here it is an error naming where the key belongs or the nearest real key.
 *
 * @example
 * ```ts
 * const findings = validateHelmValues(files, { vendorDir: 'packages/stack/vendor' });
 * ```
 */
export const validateHelmValues: Validator = (files, context) => files.filter((f) => f.kind === 'helm-values').flatMap((f) => checkFile(f, context));

function checkFile(file: RenderedFile, context: ValidationContext): Finding[] {
  const finding = (f: Omit<Finding, 'check' | 'file'>): Finding => ({ check: CHECK, file: file.path, ...f });
  if (!file.chart) return [finding({ severity: 'error', message: 'a helm-values file without its chart: cannot be checked', fix: 'render it with chart { name, version, repository, release, namespace }' })];
  const { name, version } = file.chart;
  const chart = loadChart(context.vendorDir, name, version);
  if (!chart) {
    return [finding({ severity: 'error', message: `chart ${name} ${version} is not in ${context.vendorDir}/charts: its values cannot be checked`, fix: `vendor charts/${name}/${version}/values.yaml (see vendor/README.md), or pin a vendored version` })];
  }
  let values: unknown;
  try {
    values = parse(file.content);
  } catch (e) {
    return [finding({ severity: 'error', message: `not valid YAML: ${e instanceof Error ? e.message : String(e)}`, fix: 'render valid YAML' })];
  }
  if (values === null || values === undefined) return [];
  if (!isPlainObject(values)) return [finding({ severity: 'error', message: 'values must be a map at the top level', fix: 'render a YAML mapping' })];

  const findings: Finding[] = [];
  walk(values, chart.spec, [], chart, (f) => findings.push(finding(f)));
  const reported = new Set(findings.map((f) => f.path));
  for (const f of schemaFindings(chart, values)) if (!reported.has(f.path)) findings.push(finding(f));
  for (const f of valueRuleFindings(name, values)) findings.push(finding(f));
  return findings;
}

type Report = (f: Omit<Finding, 'check' | 'file'>) => void;

function walk(value: unknown, spec: KeySpec, path: readonly string[], chart: ChartCatalogEntry, report: Report): void {
  const at = path.join('.');
  const label = `${chart.name} ${chart.version}`;
  if (spec.kind === 'free' || value === null) return; // null deletes a default: always allowed
  if (spec.kind === 'scalar') {
    if (isPlainObject(value) || Array.isArray(value)) {
      report({ severity: 'error', path: at, message: `chart ${label} expects a single value at ${at} (default ${JSON.stringify(spec.sample)}), not a ${Array.isArray(value) ? 'list' : 'map'}`, fix: `write a ${typeof spec.sample === 'object' ? 'value' : typeof spec.sample} there` });
    }
    return;
  }
  if (spec.kind === 'list') {
    if (!Array.isArray(value)) report({ severity: 'error', path: at, message: `chart ${label} expects a list at ${at}`, fix: 'write a YAML list ([] or "- item")' });
    return;
  }
  if (!isPlainObject(value)) {
    report({ severity: 'error', path: at, message: `chart ${label} expects a map at ${at}, got ${JSON.stringify(value)}`, fix: `write a map with keys such as ${[...spec.keys.keys()].slice(0, 5).join(', ')}` });
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childSpec = spec.keys.get(key) ?? spec.open;
    const childPath = [...path, key];
    if (childSpec) {
      walk(child, childSpec, childPath, chart, report);
    } else if (spec.unverified) {
      report({ severity: 'warning', path: childPath.join('.'), message: `cannot check "${key}": ${spec.unverified}`, fix: 'vendor the subchart to check it, or confirm the key in its values.yaml' });
    } else {
      report(unknownKey(key, childPath, spec, chart));
    }
  }
}

/** The fix for an unknown key: where the chart reads a key of that name, else the nearest sibling. */
function unknownKey(key: string, path: readonly string[], parent: Extract<KeySpec, { kind: 'map' }>, chart: ChartCatalogEntry): Omit<Finding, 'check' | 'file'> {
  const at = path.join('.');
  const where = path.length === 1 ? "at the chart's top level" : `under ${path.slice(0, -1).join('.')}`;
  const message = `unknown key "${key}" ${where}: chart ${chart.name} ${chart.version} does not read it, and Helm ignores it silently`;
  const elsewhere = placesOf(key, path, chart);
  if (elsewhere.length > 0) {
    return { severity: 'error', path: at, message, fix: `move it to ${elsewhere.slice(0, 3).join(' or ')}` };
  }
  const siblings = [...parent.keys.keys()];
  const near = nearestName(key, siblings, { always: true });
  const close = nearestName(key, siblings);
  const fix = close
    ? `did you mean "${close}"? (${[...path.slice(0, -1), close].join('.')})`
    : near
      ? `the nearest key here is "${near}"; the keys here are ${siblings.slice(0, MAX_LISTED_KEYS).join(', ')}${siblings.length > MAX_LISTED_KEYS ? ', ...' : ''}`
      : 'remove it: this map takes no keys';
  return { severity: 'error', path: at, message, fix };
}

/**
 * Where else the chart knows a key by this exact name, closest first (longest shared prefix,
 * then shortest path): this is how `limits_config` at the top level finds `loki.limits_config`.
 */
function placesOf(key: string, path: readonly string[], chart: ChartCatalogEntry): string[] {
  const candidates = chart.keyIndex.get(key) ?? [];
  const shared = (p: string) => {
    const parts = p.split('.');
    let n = 0;
    while (n < parts.length && n < path.length && parts[n] === path[n]) n++;
    return n;
  };
  return [...candidates].sort((a, b) => shared(b) - shared(a) || a.split('.').length - b.split('.').length || a.localeCompare(b));
}

const validators = new WeakMap<Record<string, unknown>, ValidateFunction>();

function compiled(schema: Record<string, unknown>): ValidateFunction {
  let fn = validators.get(schema);
  if (!fn) {
    // Charts mix drafts ("http://json-schema.org/schema#"); ajv's default draft reads them all.
    const { $schema: _s, ...body } = schema;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    fn = ajv.compile(body);
    validators.set(schema, fn);
  }
  return fn;
}

/**
 * The chart's values.schema.json over the values Helm computes (defaults coalesced with ours),
 * reporting only errors at or under a key we set: the chart's own defaults are not our problem.
 */
function schemaFindings(chart: ChartCatalogEntry, values: Record<string, unknown>): Omit<Finding, 'check' | 'file'>[] {
  if (!chart.schema) return [];
  const validate = compiled(chart.schema);
  const merged = coalesceValues(chart.defaults, values);
  if (validate(merged)) return [];
  const out: Omit<Finding, 'check' | 'file'>[] = [];
  for (const error of validate.errors ?? []) {
    const path = errorPath(error);
    if (!isSet(values, path)) continue;
    out.push({ severity: 'error', path: path.join('.'), message: `chart ${chart.name} ${chart.version} values.schema.json: ${path.join('.') || '(root)'} ${error.message ?? 'is invalid'}`, fix: schemaFix(error) });
  }
  return out;
}

function errorPath(error: ErrorObject): string[] {
  const parts = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') parts.push(String((error.params as { additionalProperty: string }).additionalProperty));
  if (error.keyword === 'required') parts.push(String((error.params as { missingProperty: string }).missingProperty));
  return parts;
}

function schemaFix(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'enum') return `write one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'type') return `write a ${String(p['type'])}`;
  if (error.keyword === 'required') return `set ${String(p['missingProperty'])}`;
  if (error.keyword === 'additionalProperties') return 'remove it: the chart schema does not allow it';
  return 'see the chart values.schema.json';
}

/** True when the rendered values set this path, a parent of it, or (for `required`) its parent map. */
function isSet(values: Record<string, unknown>, path: readonly string[]): boolean {
  let node: unknown = values;
  for (let i = 0; i < path.length; i++) {
    if (!isPlainObject(node)) return i > 0;
    const key = path[i] as string;
    if (!(key in node)) return i === path.length - 1 && i > 0;
    node = node[key];
  }
  return true;
}
