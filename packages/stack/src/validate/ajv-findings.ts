import type { ErrorObject } from 'ajv';
import { nearestName } from '../nearest.js';

/** `/spec/endpoints/0/port` as `spec.endpoints[0].port`. */
export function dottedPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/** One schema error in words a user acts on, with the nearest declared field for an unknown one. */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
}

/**
 * ajv's errors as problems: deduplicated (anyOf branches repeat themselves), unknown fields named
 * with their nearest declared sibling.
 */
export function schemaProblems(errors: readonly ErrorObject[] | null | undefined): SchemaProblem[] {
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const error of errors ?? []) {
    // An anyOf failure restates its branches' errors: keep the branches, which say more.
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const base = dottedPath(error.instancePath);
    let problem: SchemaProblem;
    if (error.keyword === 'additionalProperties') {
      const field = String((error.params as { additionalProperty?: unknown }).additionalProperty);
      const declared = error.parentSchema && typeof error.parentSchema === 'object' && 'properties' in error.parentSchema ? Object.keys((error.parentSchema as { properties: object }).properties) : [];
      const nearest = nearestName(field, declared);
      const path = base ? `${base}.${field}` : field;
      problem = {
        path,
        message: `unknown field "${field}"${base ? ` in ${base}` : ''}: Kubernetes drops it or rejects the object`,
        ...(nearest ? { fix: `did you mean "${nearest}"? (fields here: ${declared.join(', ')})` } : declared.length > 0 ? { fix: `fields allowed here: ${declared.join(', ')}` } : {}),
      };
    } else if (error.keyword === 'required') {
      const field = String((error.params as { missingProperty?: unknown }).missingProperty);
      problem = { path: base ? `${base}.${field}` : field, message: `required field "${field}" is missing` };
    } else if (error.keyword === 'enum') {
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      problem = { path: base, message: `${base || 'value'} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
    } else {
      problem = { path: base, message: `${base || 'object'} ${error.message ?? 'is invalid'}` };
    }
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}
