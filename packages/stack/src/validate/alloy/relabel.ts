import type { Block } from '../../alloy/syntax/ast.js';
import { attribute, children, literalString, type Declared, type Findings } from './model.js';
import type { Edge } from './references.js';
import { compileRe2 } from './re2.js';

/**
 * What `discovery.kubernetes` (role `pod`) sets on every target, with realistic values: a rule
 * that reads only these labels and whose regex cannot match these values never fires. The
 * container ID is `<runtime>://<id>` as the Kubernetes API reports it (E9).
 */
export const SAMPLE_POD_TARGET: Readonly<Record<string, string>> = {
  __meta_kubernetes_namespace: 'playground',
  __meta_kubernetes_pod_name: 'test-app-7d9f8b6c5d-x2x4z',
  __meta_kubernetes_pod_uid: '0f3c9a51-2b1e-4c57-9d0e-5a8f3c2b1a77',
  __meta_kubernetes_pod_container_name: 'test-app',
  __meta_kubernetes_pod_container_id: 'containerd://abc123',
  __meta_kubernetes_pod_node_name: 'node-1',
  __meta_kubernetes_pod_ip: '10.42.0.12',
  __meta_kubernetes_pod_phase: 'Running',
};

/** Rule defaults (rule-block.md). */
const DEFAULT_REGEX = '(.*)';
const DEFAULT_SEPARATOR = ';';

function stringList(block: Block, name: string): string[] | undefined {
  const value = attribute(block, name);
  if (value?.kind !== 'array') return undefined;
  const items = value.elements.map(literalString);
  return items.every((i): i is string => i !== undefined) ? items : undefined;
}

/** A `replace` rule over labels every pod target has, whose regex cannot match them, is dead (E9). */
function checkRule(component: Declared, rule: Block, index: number, out: Findings): void {
  const action = literalString(attribute(rule, 'action')) ?? 'replace';
  const sources = stringList(rule, 'source_labels');
  const regex = literalString(attribute(rule, 'regex')) ?? DEFAULT_REGEX;
  const target = literalString(attribute(rule, 'target_label')) ?? '';
  const where = `${component.id} rule ${index + 1}${target ? ` (target_label "${target}")` : ''}`;
  const compiled = compileRe2(regex, { anchored: true });
  if ('error' in compiled) {
    out.error(attribute(rule, 'regex')?.pos ?? rule.pos, `${where}: ${compiled.error}`);
    return;
  }
  if (action !== 'replace' || 'unchecked' in compiled) return;
  const groups = new RegExp(`${compiled.regex.source}|`, compiled.regex.flags).exec('')!.length - 1;
  const replacement = literalString(attribute(rule, 'replacement')) ?? '$1';
  for (const m of replacement.matchAll(/\$\{?(\d+)\}?/g)) {
    if (Number(m[1]) <= groups) continue;
    out.error(
      attribute(rule, 'replacement')?.pos ?? rule.pos,
      `${where}: replacement ${JSON.stringify(replacement)} uses $${m[1]}, but the regex ${JSON.stringify(regex)} has ${groups} group${groups === 1 ? '' : 's'}: $${m[1]} is always empty`,
      groups === 1 && regex === DEFAULT_REGEX ? 'the default regex captures the whole joined value as $1: drop the replacement' : 'refer only to groups the regex captures',
    );
    break;
  }
  if (!sources || sources.length === 0) return;
  if (!sources.every((s) => s in SAMPLE_POD_TARGET)) return;
  const separator = literalString(attribute(rule, 'separator')) ?? DEFAULT_SEPARATOR;
  const value = sources.map((s) => SAMPLE_POD_TARGET[s]).join(separator);
  if (!compiled.regex.test(value)) {
    out.error(
      attribute(rule, 'regex')?.pos ?? rule.pos,
      `${where}: regex ${JSON.stringify(regex)} never matches: every pod has ${sources.join(', ')}, and a value like ${JSON.stringify(value)} does not match it, so the label is never set`,
      target === 'container_runtime' ? 'match the runtime before "://", e.g. "^(\\\\S+?)://.+$"' : 'test the regex against a real value',
    );
  }
}

function relabelTargets(block: Block): string[] {
  return children(block, 'rule').map((rule) => literalString(attribute(rule, 'target_label')) ?? '');
}

/**
 * Relabel rules that cannot work: a regex that never matches the labels every pod has, and a
 * `__path__` rule feeding `loki.source.kubernetes`, which tails through the API and never reads
 * `__path__` (E9: the seed's hostPath-era rule). `local.file_match` is the component that reads it.
 */
export function checkRelabelRules(declared: readonly Declared[], edges: readonly Edge[], out: Findings): void {
  const byId = new Map(declared.map((d) => [d.id, d]));
  for (const component of declared) {
    if (component.name !== 'discovery.relabel' && component.name !== 'loki.relabel') continue;
    children(component.block, 'rule').forEach((rule, i) => checkRule(component, rule, i, out));
  }
  for (const source of declared.filter((d) => d.name === 'loki.source.kubernetes')) {
    // Every discovery.relabel upstream of the tailer, however many relabel steps deep.
    const upstream = new Set<string>();
    const walk = (id: string): void => {
      for (const e of edges) {
        if (e.from !== id || upstream.has(e.to) || byId.get(e.to)?.name !== 'discovery.relabel') continue;
        upstream.add(e.to);
        walk(e.to);
      }
    };
    walk(source.id);
    for (const id of upstream) {
      const relabel = byId.get(id)!;
      const index = relabelTargets(relabel.block).indexOf('__path__');
      if (index < 0) continue;
      const rule = children(relabel.block, 'rule')[index]!;
      out.error(
        rule.pos,
        `${id} rule ${index + 1} sets __path__, but its targets go to ${source.id}, which tails logs through the Kubernetes API and ignores __path__ (E9)`,
        'remove the __path__ rule; to tail files on the node, use local.file_match + loki.source.file on a DaemonSet',
      );
    }
  }
}
