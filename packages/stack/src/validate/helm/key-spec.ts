/*
 * What a chart accepts under each values key, built from its default values.yaml and, where the
 * chart ships one, its values.schema.json. The rules (documented in vendor/README.md too):
 *
 * - A key is known if it is in the defaults or in the schema's `properties`.
 * - A map whose default is `{}` or `null`, or a list, accepts any children: charts leave such
 *   places open on purpose (`extraArgs`, `loki.structuredConfig`, `additionalScrapeConfigs`).
 * - A schema node with `additionalProperties` (true or a schema) or `patternProperties` accepts
 *   any key, except at the chart's root, where charts use it only to let subchart values through.
 * - A map with keys in the defaults is closed: an unknown key is a typo Helm ignores silently.
 */

/** What may appear at one place in a chart's values. */
export type KeySpec =
  | { readonly kind: 'map'; readonly keys: ReadonlyMap<string, KeySpec>; readonly open?: KeySpec; readonly closedBySchema?: boolean; readonly unverified?: string }
  | { readonly kind: 'free'; readonly why: string; /** Only documented in a comment: any real description wins. */ readonly weak?: boolean }
  | { readonly kind: 'list' }
  | { readonly kind: 'scalar'; readonly sample: unknown };

/** A mutable map spec while a chart's spec is assembled. */
type MapSpec = Extract<KeySpec, { kind: 'map' }>;

export const FREE_EMPTY_MAP: KeySpec = { kind: 'free', why: 'an empty map in the chart defaults' };
const FREE_NULL: KeySpec = { kind: 'free', why: 'null in the chart defaults' };
const FREE_SCHEMA: KeySpec = { kind: 'free', why: "the chart's values.schema.json allows any key here" };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The spec a default value implies. */
export function specFromDefaults(value: unknown): KeySpec {
  if (value === null || value === undefined) return FREE_NULL;
  if (Array.isArray(value)) return { kind: 'list' };
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return FREE_EMPTY_MAP;
    return { kind: 'map', keys: new Map(entries.map(([k, v]) => [k, specFromDefaults(v)])) };
  }
  return { kind: 'scalar', sample: value };
}

type JsonSchema = Record<string, unknown>;

/** Follows a local `$ref` (`#/$defs/...`) inside `root`. */
function deref(node: JsonSchema, root: JsonSchema, depth = 0): JsonSchema {
  const ref = node['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 20) return node;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    target = isPlainObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isPlainObject(target) ? deref(target, root, depth + 1) : node;
}

/** The spec a JSON-schema node implies (properties, additionalProperties, composition). */
export function specFromSchema(input: JsonSchema, root: JsonSchema): KeySpec | undefined {
  const node = deref(input, root);
  let spec: KeySpec | undefined;
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches)) {
      for (const b of branches) if (isPlainObject(b)) spec = mergeSpecs(spec, specFromSchema(b, root));
    }
  }
  const types = ([] as unknown[]).concat(node['type'] ?? []);
  const props = node['properties'];
  const additional = node['additionalProperties'];
  const isObject = types.includes('object') || isPlainObject(props) || additional !== undefined;
  if (isObject) {
    const keys = new Map<string, KeySpec>();
    if (isPlainObject(props)) {
      for (const [k, v] of Object.entries(props)) keys.set(k, (isPlainObject(v) && specFromSchema(v, root)) || FREE_SCHEMA);
    }
    const open = additional === true || isPlainObject(additional) || isPlainObject(node['patternProperties']) ? FREE_SCHEMA : undefined;
    // `type: object` alone says nothing about keys: the defaults decide (see the rules above).
    if (keys.size > 0 || open || additional === false) {
      const own: KeySpec = keys.size === 0 && open ? open : { kind: 'map', keys, ...(open ? { open } : {}), ...(additional === false ? { closedBySchema: true } : {}) };
      spec = mergeSpecs(spec, own);
    }
  } else if (types.includes('array')) {
    spec = mergeSpecs(spec, { kind: 'list' });
  } else if (types.length > 0) {
    spec = mergeSpecs(spec, { kind: 'scalar', sample: undefined });
  }
  // A node that allows more than one shape (["string", "object"]) accepts either: leave it free.
  if (isObject && types.some((t) => t !== 'object' && t !== 'null')) return FREE_SCHEMA;
  return spec;
}

/** Two descriptions of one place merged: known keys add up; disagreeing shapes leave it free. */
export function mergeSpecs(a: KeySpec | undefined, b: KeySpec | undefined): KeySpec | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.kind === 'free' && a.weak) return b;
  if (b.kind === 'free' && b.weak) return a;
  if (a.kind === 'map' && b.kind === 'map') {
    const keys = new Map(a.keys);
    for (const [k, v] of b.keys) keys.set(k, mergeSpecs(keys.get(k), v) ?? v);
    const open = a.open ?? b.open;
    return { kind: 'map', keys, ...(open ? { open } : {}), ...(a.closedBySchema || b.closedBySchema ? { closedBySchema: true } : {}) };
  }
  // A schema that closes a map the defaults leave empty wins: it names every allowed key.
  if (a.kind === 'free' && b.kind === 'map') return b.closedBySchema ? b : a;
  if (b.kind === 'free' && a.kind === 'map') return a.closedBySchema ? a : b;
  if (a.kind === b.kind) return a;
  if (a.kind === 'free') return a;
  if (b.kind === 'free') return b;
  return { kind: 'free', why: 'the chart accepts more than one shape here' };
}

/** Replaces the spec at `path` (creating maps on the way), for typed or free-form overlays. */
export function setSpecAt(spec: KeySpec, path: readonly string[], value: KeySpec): KeySpec {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const map: MapSpec = spec.kind === 'map' ? spec : { kind: 'map', keys: new Map() };
  const keys = new Map(map.keys);
  keys.set(head, setSpecAt(keys.get(head) ?? { kind: 'map', keys: new Map() }, rest, value));
  return { ...map, keys };
}

/** Every place a key name is known in a spec, as dotted paths (for "did you mean a.b.key?"). */
export function indexKeys(spec: KeySpec, maxDepth = 10): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const walk = (s: KeySpec, path: string[]) => {
    if (s.kind !== 'map' || path.length >= maxDepth) return;
    for (const [k, child] of s.keys) {
      const at = [...path, k];
      const list = index.get(k) ?? [];
      list.push(at.join('.'));
      index.set(k, list);
      walk(child, at);
    }
  };
  walk(spec, []);
  return index;
}
