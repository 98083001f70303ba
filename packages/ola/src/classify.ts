import { DEFAULT_CATEGORY, OLA_LABEL, isOlaCategory, type OlaCategory } from './categories.js';
import { OlaRuleError } from './errors.js';
import { CLASSIFICATION_RULES, type ClassificationRule } from './rules.js';
import { SOURCE_LABEL } from './sources.js';

/**
 * How a producer that knows the category says so inside the line: the SDK writes
 * `"ola_category":"auth_access"` into its JSON. Both the local stack and the rendered Alloy
 * pipeline (a `stage.regex` with this pattern) look for it the same way, so they agree even on
 * lines that are not valid JSON.
 */
export const EMBEDDED_CATEGORY_PATTERN = '"ola_category":"([a-z_]+)"';

/** What the classifier looks at: the stream's labels, the line, and its structured metadata. */
export interface ClassifiableLine {
  readonly labels: Readonly<Record<string, string>>;
  readonly line: string;
  /** Structured metadata (Loki) or log attributes (OTLP). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** The category, and which rule or signal decided it (for the audit report and for debugging). */
export interface Classification {
  readonly category: OlaCategory;
  /** `label`, `metadata`, `embedded`, a rule id, or `default`. */
  readonly decidedBy: string;
}

interface CompiledRule {
  readonly rule: ClassificationRule;
  readonly labels: ReadonlyArray<readonly [string, RegExp]>;
  readonly matches: readonly RegExp[];
  readonly excludes: readonly RegExp[];
}

function compile(rule: ClassificationRule): CompiledRule {
  const flags = rule.ignoreCase ? 'i' : '';
  const re = (pattern: string, anchored: boolean): RegExp => {
    try {
      return new RegExp(anchored ? `^(?:${pattern})$` : pattern, flags);
    } catch (cause) {
      throw new OlaRuleError(`rule ${rule.id}: pattern ${JSON.stringify(pattern)} is not a valid regex; fix it in rules.ts`, { cause });
    }
  };
  return {
    rule,
    // Label matchers are anchored and case-sensitive, as in Loki, whatever the rule's line flags.
    labels: Object.entries(rule.labels ?? {}).map(([name, pattern]) => [name, new RegExp(`^(?:${pattern})$`)] as const),
    matches: (rule.lineMatches ?? []).map((p) => re(p, false)),
    excludes: (rule.lineExcludes ?? []).map((p) => re(p, false)),
  };
}

function ruleMatches(c: CompiledRule, input: ClassifiableLine): boolean {
  if ((input.labels[SOURCE_LABEL] ?? '') !== c.rule.source) return false;
  for (const [name, re] of c.labels) if (!re.test(input.labels[name] ?? '')) return false;
  for (const re of c.matches) if (!re.test(input.line)) return false;
  for (const re of c.excludes) if (re.test(input.line)) return false;
  return true;
}

/** A classifier bound to a rule list; build it once and call it per line. */
export type Classifier = (input: ClassifiableLine) => Classification;

/**
 * Builds the classifier the local stack runs at ingest. The order of precedence, the same as in
 * the rendered `loki.process` stages:
 * 1. an `ola_category` stream label, structured-metadata entry or embedded JSON field that names a
 *    real category (a producer that knows, such as the SDK, is believed);
 * 2. the first rule, in order, whose conditions all hold;
 * 3. `system_application`.
 *
 * @example
 * ```ts
 * const classify = createClassifier();
 * classify({ labels: { source: 'apiserver-audit' }, line: '{"verb":"create",...}' }).category; // 'api_data_access'
 * ```
 */
export function createClassifier(rules: readonly ClassificationRule[] = CLASSIFICATION_RULES): Classifier {
  const compiled = rules.map(compile);
  const embedded = new RegExp(EMBEDDED_CATEGORY_PATTERN);
  return (input) => {
    const fromLabel = input.labels[OLA_LABEL];
    if (isOlaCategory(fromLabel)) return { category: fromLabel, decidedBy: 'label' };
    const fromMetadata = input.metadata?.[OLA_LABEL];
    if (isOlaCategory(fromMetadata)) return { category: fromMetadata, decidedBy: 'metadata' };
    // A cheap substring test first: most lines carry no category and should not pay for a regex.
    if (input.line.includes('"ola_category"')) {
      const found = embedded.exec(input.line)?.[1];
      if (isOlaCategory(found)) return { category: found, decidedBy: 'embedded' };
    }
    for (const c of compiled) if (ruleMatches(c, input)) return { category: c.rule.category, decidedBy: c.rule.id };
    return { category: DEFAULT_CATEGORY, decidedBy: 'default' };
  };
}
