import { findExecutable } from '../kubernetes/tools.js';
import type { RenderedFile } from '../render/types.js';
import { validateAlloy } from './alloy.js';
import { validateExpressions } from './expressions.js';
import { validateHelmValues } from './helm-values.js';
import { validateKubernetesSchemas } from './kubernetes-schema.js';
import { validatePromtool } from './promtool.js';
import { validateSecrets } from './secrets.js';
import type { Finding, ValidationContext, Validator } from './types.js';
import { DEFAULT_VENDOR_DIR } from './vendor.js';
import { validateWiring } from './wiring.js';

/** Every validator of the stack, each a real check that can fail; adding one is one row here. */
export const VALIDATORS: readonly { readonly name: string; readonly run: Validator }[] = [
  { name: 'helm-values', run: validateHelmValues },
  { name: 'kubernetes-schema', run: validateKubernetesSchemas },
  { name: 'alloy', run: validateAlloy },
  { name: 'expressions', run: validateExpressions },
  { name: 'promtool', run: validatePromtool },
  { name: 'secrets', run: validateSecrets },
  { name: 'wiring', run: validateWiring },
];

/**
 * Runs every validator over the rendered files and returns all findings, errors first. A validator
 * that crashes (a bug in srcobs, not in the files) becomes an error finding that says so, so one
 * broken check never hides the others.
 *
 * @example
 * ```ts
 * const findings = await validateStack(renderStack(config), { vendorDir: DEFAULT_VENDOR_DIR, promtool: '/usr/bin/promtool' });
 * const failed = findings.some((f) => f.severity === 'error');
 * ```
 */
export async function validateStack(files: readonly RenderedFile[], context: ValidationContext, validators: readonly { readonly name: string; readonly run: Validator }[] = VALIDATORS): Promise<Finding[]> {
  const results = await Promise.all(
    validators.map(async ({ name, run }): Promise<Finding[]> => {
      try {
        return await run(files, context);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return [{ severity: 'error', check: name, file: '', message: `the ${name} check crashed: ${reason}`, fix: 'this is a bug in srcobs: please report it with the rendered files' }];
      }
    }),
  );
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return results.flat().sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || (a.path ?? '').localeCompare(b.path ?? ''));
}

/**
 * The context `srcobs validate` uses: the vendored charts and CRDs shipped with this package, and
 * `promtool` from PATH when it is installed (without it the rule checks report a warning).
 */
export function defaultValidationContext(path: string | undefined = process.env['PATH']): ValidationContext {
  const promtool = findExecutable('promtool', path);
  return promtool ? { vendorDir: DEFAULT_VENDOR_DIR, promtool } : { vendorDir: DEFAULT_VENDOR_DIR };
}
