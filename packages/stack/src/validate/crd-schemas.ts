import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { compileRe2 } from './alloy/re2.js';
import { dig, isRecord, list } from './objects.js';

/**
 * The vendored CustomResourceDefinitions' `openAPIV3Schema`s, compiled with ajv. Kubernetes prunes
 * unknown fields silently from structural schemas (and `kubectl apply` rejects them by default),
 * so a field the schema does not declare is made an error here: that is how a misplaced key such
 * as the seed's top-level `endpoints:` of a ServiceMonitor is caught.
 */
export interface CrdIndex {
  /** The compiled validator of `<group>/<version>` `<Kind>`, or undefined when no vendored CRD defines it. */
  get(apiVersion: string, kind: string): ValidateFunction | undefined;
  /** Where the CRDs were read from, and how many. */
  readonly source: string;
  readonly count: number;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

/**
 * The schema with unknown fields closed: every object schema that lists `properties` and does not
 * say `x-kubernetes-preserve-unknown-fields` gets `additionalProperties: false`. Kubernetes'
 * `x-kubernetes-int-or-string` becomes the `anyOf` it means.
 */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (!isRecord(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-')) continue;
    out[key] = key === 'properties' && isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strictSchema(v)])) : strictSchema(value);
  }
  if (schema['x-kubernetes-int-or-string'] === true && out['anyOf'] === undefined) {
    delete out['type'];
    out['anyOf'] = [{ type: 'integer' }, { type: 'string' }];
  }
  if (isRecord(schema['properties']) && schema['x-kubernetes-preserve-unknown-fields'] !== true && schema['additionalProperties'] === undefined) {
    out['additionalProperties'] = false;
  }
  return out;
}

/**
 * CRD `pattern`s are Go (RE2) regular expressions (`(?i)…`): translated to JavaScript. A pattern
 * the translation cannot express is not checked, because it comes from the CRD, not from the user.
 */
const goRegExp = Object.assign(
  (pattern: string): { test(value: string): boolean } => {
    const compiled = compileRe2(pattern, { anchored: false });
    return 'regex' in compiled ? compiled.regex : { test: () => true };
  },
  { code: 'goRegExp' },
);

const cache = new Map<string, CrdIndex>();

/** Reads and compiles every CRD under `<vendorDir>/crds` (once per folder). */
export function loadCrdSchemas(vendorDir: string): CrdIndex {
  const dir = join(vendorDir, 'crds');
  const cached = cache.get(dir);
  if (cached) return cached;
  // `validateFormats: false`: Kubernetes formats (int32, int-or-string) are not JSON Schema formats.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, verbose: true, code: { regExp: goRegExp } });
  const schemas = new Map<string, unknown>();
  for (const file of yamlFiles(dir)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd: unknown = doc.toJS();
      if (dig(crd, 'kind') !== 'CustomResourceDefinition') continue;
      const group = dig(crd, 'spec', 'group');
      const kind = dig(crd, 'spec', 'names', 'kind');
      for (const version of list(dig(crd, 'spec', 'versions'))) {
        const schema = dig(version, 'schema', 'openAPIV3Schema');
        const name = dig(version, 'name');
        if (typeof group === 'string' && typeof kind === 'string' && typeof name === 'string' && isRecord(schema)) schemas.set(`${group}/${name}/${kind}`, schema);
      }
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  const index: CrdIndex = {
    source: dir,
    count: schemas.size,
    get(apiVersion, kind) {
      const key = `${apiVersion}/${kind}`;
      const schema = schemas.get(key);
      if (schema === undefined) return undefined;
      let fn = compiled.get(key);
      if (!fn) {
        fn = ajv.compile(strictSchema(schema) as object);
        compiled.set(key, fn);
      }
      return fn;
    },
  };
  cache.set(dir, index);
  return index;
}
