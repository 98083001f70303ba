import { parseAllDocuments } from 'yaml';
import type { RenderedFile } from '../render/types.js';

/** A Kubernetes object as rendered: plain data, read-only, with where it came from. */
export interface ManifestObject {
  readonly file: string;
  /** Position of the document inside its multi-document file (0-based). */
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly body: Readonly<Record<string, unknown>>;
}

/** A YAML document that could not be read as a Kubernetes object. */
export interface UnreadableDocument {
  readonly file: string;
  readonly index: number;
  readonly message: string;
}

/**
 * Every object in the `manifest` files, in file order. Documents that are not YAML maps with
 * `apiVersion` and `kind` are returned apart, so each validator can report them once.
 */
export function manifestObjects(files: readonly RenderedFile[]): { objects: ManifestObject[]; unreadable: UnreadableDocument[] } {
  const objects: ManifestObject[] = [];
  const unreadable: UnreadableDocument[] = [];
  for (const file of files) {
    if (file.kind !== 'manifest') continue;
    parseAllDocuments(file.content).forEach((doc, index) => {
      if (doc.errors.length > 0) {
        unreadable.push({ file: file.path, index, message: doc.errors.map((e) => e.message).join('; ') });
        return;
      }
      const body: unknown = doc.toJS();
      if (body === null || body === undefined) return; // an empty document between `---` separators
      if (!isRecord(body) || typeof body['apiVersion'] !== 'string' || typeof body['kind'] !== 'string') {
        unreadable.push({ file: file.path, index, message: 'not a Kubernetes object: apiVersion and kind are required' });
        return;
      }
      const metadata = isRecord(body['metadata']) ? body['metadata'] : {};
      objects.push({
        file: file.path,
        index,
        apiVersion: body['apiVersion'],
        kind: body['kind'],
        name: typeof metadata['name'] === 'string' ? metadata['name'] : '',
        namespace: typeof metadata['namespace'] === 'string' ? metadata['namespace'] : undefined,
        body,
      });
    });
  }
  return { objects, unreadable };
}

/** `Kind/name` (with the namespace when there is one), how findings name an object. */
export function objectRef(object: Pick<ManifestObject, 'kind' | 'name' | 'namespace'>): string {
  return object.namespace ? `${object.kind}/${object.namespace}/${object.name}` : `${object.kind}/${object.name}`;
}

/** True for a plain (non-array) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows `keys` into nested objects; undefined as soon as one is missing. */
export function dig(value: unknown, ...keys: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[key];
    }
  }
  return current;
}

/** A string-to-string map (labels, selectors), or an empty one when `value` is not that. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** An array, or an empty one. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
