import type { RenderedFile } from '../render/types.js';

/** One problem a validator found. Errors fail `srcobs validate`; warnings are printed. */
export interface Finding {
  readonly severity: 'error' | 'warning';
  /** The validator that found it, e.g. `helm-values`, `kubernetes-schema`, `alloy`, `wiring`. */
  readonly check: string;
  /** The rendered file, relative to the output folder. */
  readonly file: string;
  /** Where in the file: a dotted values path (`loki.limits_config`), `kind/name`, or `line:col`. */
  readonly path?: string;
  readonly message: string;
  /** What to write instead, when the validator knows. */
  readonly fix?: string;
}

/** What every validator may use besides the files. */
export interface ValidationContext {
  /**
   * The folder with the pinned charts' defaults and the CRDs (`packages/stack/vendor`, copied from
   * `../shared` with its provenance), so `srcobs validate` works outside this repository too.
   */
  readonly vendorDir: string;
  /** Path of promtool, or undefined when it is not installed (the check then reports that). */
  readonly promtool?: string;
}

/** A validator: reads rendered files, returns findings. It never throws for a problem in the files. */
export type Validator = (files: readonly RenderedFile[], context: ValidationContext) => Finding[] | Promise<Finding[]>;
