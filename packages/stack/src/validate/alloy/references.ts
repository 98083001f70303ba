import { COMPONENTS } from '../../alloy/components.js';
import { nearestName } from '../../nearest.js';
import { attributesDeep, chains, closest, type Declared, type Findings } from './model.js';

/**
 * The standard library's namespaces and functions (Alloy reference "Standard library"): chains
 * rooted here are values or functions, not component references.
 */
const STDLIB = new Set([
  'array', 'coalesce', 'constants', 'convert', 'encoding', 'file', 'json_path', 'map', 'string', 'sys',
  // Deprecated top-level spellings Alloy still accepts.
  'env', 'concat', 'format', 'join', 'json_decode', 'yaml_decode', 'base64_decode', 'nonsensitive', 'replace', 'split',
  'to_lower', 'to_upper', 'trim', 'trim_prefix', 'trim_suffix',
]);
/** Roots that only exist inside modules (`argument.x.value`), which srcobs does not render. */
const MODULE_ROOTS = new Set(['argument']);

/** A resolved reference: which component uses which. */
export interface Edge {
  readonly from: string;
  readonly to: string;
}

/**
 * Resolves every reference in every component (`loki.write.default.receiver`): the component
 * must be declared and the export must be one the table lists. Returns the dependency edges.
 */
export function resolveReferences(declared: readonly Declared[], out: Findings): Edge[] {
  const byId = new Map(declared.map((d) => [d.id, d]));
  const edges: Edge[] = [];
  for (const component of declared) {
    for (const { value } of attributesDeep(component.block)) {
      for (const chain of chains(value)) {
        const [root = ''] = chain.names;
        const text = chain.names.join('.');
        if (STDLIB.has(root) || MODULE_ROOTS.has(root)) continue;
        if (chain.call) {
          out.error(chain.pos, `${component.id}: unknown function \`${text}\``, 'use a standard-library function such as sys.env or string.format');
          continue;
        }
        // The longest dotted prefix that names a component: `otelcol.exporter.otlp` before `otelcol.exporter`.
        let split = -1;
        for (let i = chain.names.length - 2; i >= 1; i--) {
          if (COMPONENTS.has(chain.names.slice(0, i).join('.'))) {
            split = i;
            break;
          }
        }
        if (split < 0) {
          const guess = closest(chain.names.slice(0, Math.max(1, chain.names.length - 2)).join('.'), COMPONENTS.keys());
          out.error(chain.pos, `${component.id}: \`${text}\` does not refer to a known component${guess ? `; did you mean \`${guess}\`?` : ''}`, 'write <component>.<label>.<export>, e.g. loki.write.default.receiver');
          continue;
        }
        const name = chain.names.slice(0, split).join('.');
        const label = chain.names[split]!;
        const exportName = chain.names[split + 1];
        const target = byId.get(`${name}.${label}`);
        if (!target) {
          const labels = declared.filter((d) => d.name === name).map((d) => d.label);
          const near = nearestName(label, labels, { always: true });
          out.error(
            chain.pos,
            `${component.id}: \`${text}\` refers to ${name} "${label}", which is not declared`,
            near !== undefined ? `declare it, or refer to ${name} "${near}" (${name}.${near}.${exportName ?? '…'})` : `declare ${name} "${label}" { … }`,
          );
          continue;
        }
        const exports = COMPONENTS.get(name)!.exports.map((e) => e.name);
        if (exportName === undefined) {
          out.error(chain.pos, `${component.id}: \`${text}\` names a component, not one of its exports`, `add the export: ${exports.map((e) => `${text}.${e}`).join(' or ')}`);
        } else if (!exports.includes(exportName)) {
          const near = nearestName(exportName, exports, { always: true });
          out.error(chain.pos, `${component.id}: ${name} has no export \`${exportName}\`${exports.length === 0 ? ' (it exports nothing)' : ''}`, near ? `use \`${name}.${label}.${near}\`` : undefined);
        }
        edges.push({ from: component.id, to: target.id });
      }
    }
  }
  reportCycles(declared, edges, out);
  return edges;
}

/** Components cannot reference themselves, directly or through others (configure-components.md). */
function reportCycles(declared: readonly Declared[], edges: readonly Edge[], out: Findings): void {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'active');
    stack.push(id);
    for (const to of next.get(id) ?? []) {
      if (state.get(to) === 'active') {
        const cycle = [...stack.slice(stack.indexOf(to)), to];
        const key = [...cycle.slice(0, -1)].sort().join(' ');
        if (!reported.has(key)) {
          reported.add(key);
          const at = declared.find((d) => d.id === to)?.block.pos;
          out.error(at, `reference cycle: ${cycle.join(' -> ')}`, 'components cannot depend on themselves; break the loop');
        }
      } else if (state.get(to) === undefined) {
        visit(to);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const d of declared) if (state.get(d.id) === undefined) visit(d.id);
}
