import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { validateHelmValues } from '../../validate/helm-values.js';
import { DEFAULT_VENDOR_DIR } from '../../validate/vendor.js';
import type { RenderedFile } from '../types.js';

/** The values a rendered file carries, parsed back from its YAML (what Helm would read). */
export function parsedValues(files: readonly RenderedFile[]): Record<string, any> {
  assert.equal(files.length, 1, 'one values file per release');
  const [file] = files;
  assert.equal(file?.kind, 'helm-values');
  return parse(file?.content ?? '') as Record<string, any>;
}

/** Asserts the helm-values validator finds nothing wrong in the rendered files. */
export async function assertValidValues(files: readonly RenderedFile[]): Promise<void> {
  const findings = await validateHelmValues(files, { vendorDir: DEFAULT_VENDOR_DIR });
  assert.deepEqual(findings.map((f) => `${f.severity} ${f.file} ${f.path}: ${f.message}`), []);
}

/** Every dotted path in an object (for "this key is nowhere" assertions). */
export function allPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = Array.isArray(value) ? `${prefix}[${k}]` : prefix ? `${prefix}.${k}` : k;
    return [path, ...allPaths(v, path)];
  });
}
