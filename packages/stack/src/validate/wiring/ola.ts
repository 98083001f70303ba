import { DEFAULT_RETENTION_DAYS, OLA_CATEGORIES, OLA_LABEL } from '@srcobs/ola';
import type { RenderedFile } from '../../render/types.js';
import { dig, isRecord, list, objectRef, stringMap } from '../objects.js';
import type { Finding } from '../types.js';
import type { Inventory } from './inventory.js';
import { parseDocument } from './inventory.js';

const CHECK = 'wiring';

/** Go durations as Loki writes retention (`8760h`, `30d`, `1w`) in hours. */
function hours(duration: unknown): number | undefined {
  if (typeof duration !== 'string') return undefined;
  const match = /^(\d+)(h|d|w|y)$/.exec(duration.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  return match[2] === 'h' ? n : match[2] === 'd' ? n * 24 : match[2] === 'w' ? n * 168 : n * 8760;
}

interface RuleSource {
  readonly file: string;
  readonly where: string;
  readonly expressions: readonly string[];
}

/** The silence alert of a category: `absent_over_time` over exactly its streams. */
function watches(expr: string, category: string): boolean {
  return /absent_over_time\s*\(/.test(expr) && new RegExp(`\\{\\s*${OLA_LABEL}\\s*=\\s*"${category}"\\s*\\}`).test(expr);
}

/**
 * E17: each OLA category is watched and kept. The Loki rules alert when it falls silent, they
 * reach the ruler (the chart's rules sidecar label and namespace, a ruler reading the folder the
 * sidecar writes), and the compactor keeps each category at least the OLA's minimum.
 */
export function olaFindings(inventory: Inventory, files: readonly RenderedFile[]): Finding[] {
  const findings: Finding[] = [];
  const loki = inventory.release('loki');
  const sidecar = dig(loki?.values, 'sidecar', 'rules');
  const label = typeof dig(sidecar, 'label') === 'string' ? String(dig(sidecar, 'label')) : 'loki_rule';
  const deployed: RuleSource[] = [];
  for (const object of inventory.objects.filter((o) => o.kind === 'ConfigMap' && label in stringMap(dig(o.body, 'metadata', 'labels')))) {
    if (loki && object.namespace !== loki.namespace && dig(sidecar, 'searchNamespace') !== 'ALL') {
      findings.push({ severity: 'error', check: CHECK, file: object.file, path: objectRef(object), message: `${objectRef(object)} is not in Loki's namespace "${loki.namespace}", where the rules sidecar looks: its alerts never run` });
    }
    const data = dig(object.body, 'data');
    const expressions = isRecord(data) ? Object.values(data).flatMap((text) => list(dig(parseDocument(String(text)), 'groups')).flatMap((g) => list(dig(g, 'rules')).map((r) => String(dig(r, 'expr') ?? '')))) : [];
    deployed.push({ file: object.file, where: objectRef(object), expressions });
  }
  const ruleFiles = files.filter((f) => f.kind === 'loki-rules');
  if (deployed.length === 0 && ruleFiles.length > 0) {
    findings.push({ severity: 'error', check: CHECK, file: ruleFiles[0]?.path ?? '', message: `no ConfigMap labelled ${label} carries the Loki rules: the ruler never loads them`, fix: `deliver the rule file in a ConfigMap labelled ${label} in Loki's namespace` });
  }
  const sources: RuleSource[] = deployed.length > 0 ? deployed : ruleFiles.map((f) => ({ file: f.path, where: f.path, expressions: list(dig(parseDocument(f.content), 'groups')).flatMap((g) => list(dig(g, 'rules')).map((r) => String(dig(r, 'expr') ?? ''))) }));
  if (sources.length > 0) {
    for (const category of OLA_CATEGORIES) {
      if (sources.some((s) => s.expressions.some((e) => watches(e, category)))) continue;
      findings.push({ severity: 'error', check: CHECK, file: sources[0]?.file ?? '', path: sources[0]?.where, message: `no Loki rule alerts when OLA category "${category}" falls silent (E17)`, fix: `add an alert on absent_over_time({${OLA_LABEL}="${category}"}[<window>])` });
    }
  }
  if (!loki) return findings;
  const folder = dig(sidecar, 'folder');
  const directory = dig(loki.values, 'loki', 'rulerConfig', 'storage', 'local', 'directory');
  if (deployed.length > 0 && (dig(sidecar, 'enabled') === false || typeof folder !== 'string' || typeof directory !== 'string' || !folder.startsWith(String(directory)))) {
    findings.push({ severity: 'error', check: CHECK, file: loki.file, path: 'loki.rulerConfig.storage.local.directory', message: `the rules sidecar writes to ${String(folder)} but the ruler reads ${String(directory ?? '(no local rule storage)')}: the OLA alerts never run`, fix: 'use local ruler storage whose directory contains sidecar.rules.folder (<directory>/<tenant>)' });
  }
  if (dig(loki.values, 'loki', 'compactor', 'retention_enabled') !== true) {
    findings.push({ severity: 'error', check: CHECK, file: loki.file, path: 'loki.compactor.retention_enabled', message: 'Loki deletes nothing and keeps nothing on purpose: retention is off, so no OLA retention is enforced (E17)', fix: 'set loki.compactor.retention_enabled: true' });
  }
  const streams = list(dig(loki.values, 'loki', 'limits_config', 'retention_stream'));
  for (const category of OLA_CATEGORIES) {
    const stream = streams.find((s) => String(dig(s, 'selector')).replace(/\s/g, '') === `{${OLA_LABEL}="${category}"}`);
    const kept = hours(dig(stream, 'period')) ?? hours(dig(loki.values, 'loki', 'limits_config', 'retention_period'));
    const required = DEFAULT_RETENTION_DAYS[category] * 24;
    if (kept !== undefined && kept > 0 && kept < required) {
      findings.push({ severity: 'error', check: CHECK, file: loki.file, path: 'loki.limits_config.retention_stream', message: `OLA category "${category}" is kept ${kept / 24} days; the OLA requires ${required / 24} (E17)`, fix: `raise retention.logsDays.${category} to at least ${required / 24}` });
    }
    if (!stream) findings.push({ severity: 'error', check: CHECK, file: loki.file, path: 'loki.limits_config.retention_stream', message: `OLA category "${category}" has no retention_stream of its own (E17)`, fix: `add { selector: '{${OLA_LABEL}="${category}"}', priority: 1, period: <hours> }` });
  }
  return findings;
}
