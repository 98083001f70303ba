/**
 * The root of every srcobs error. It lives in `@srcobs/ola` because ola is the one package every
 * other srcobs package already depends on; each package's own `errors.ts` extends it.
 *
 * @example
 * ```ts
 * class ConfigError extends SrcobsError {
 *   override readonly name = 'ConfigError';
 *   constructor(message: string, options?: ErrorOptions) { super('config_invalid', message, options); }
 * }
 * ```
 */
export class SrcobsError extends Error {
  override readonly name: string = 'SrcobsError';
  /** A stable, machine-readable code: safe to match on, unlike the message. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** A classification rule that cannot be used: a bad regex, an unknown category. */
export class OlaRuleError extends SrcobsError {
  override readonly name = 'OlaRuleError';
  constructor(message: string, options?: ErrorOptions) {
    super('ola_rule_invalid', message, options);
  }
}
