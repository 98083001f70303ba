import { SrcobsError } from '@srcobs/ola';

/** A rule file that cannot be used: bad YAML, a bad expression, an unknown field. Says where. */
export class RuleFileError extends SrcobsError {
  override readonly name = 'RuleFileError';
  constructor(
    /** The file, and where in it: `rules.yml: group "api", rule 2 (alert "HighErrors")`. */
    readonly location: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super('rule_file_invalid', `${location}: ${detail}`, options);
  }
}

/** A template in a rule's labels or annotations that cannot be parsed or expanded. */
export class TemplateError extends SrcobsError {
  override readonly name = 'TemplateError';
  constructor(message: string, options?: ErrorOptions) {
    super('rule_template_invalid', message, options);
  }
}
