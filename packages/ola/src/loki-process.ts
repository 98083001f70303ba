import { DEFAULT_CATEGORY, OLA_CATEGORIES, OLA_LABEL } from './categories.js';
import { EMBEDDED_CATEGORY_PATTERN } from './classify.js';
import { CLASSIFICATION_RULES, type ClassificationRule } from './rules.js';
import { SOURCE_LABEL } from './sources.js';

/** A value in an Alloy block: the subset the classification stages need. */
export type StageValue = string | readonly string[] | Readonly<Record<string, string>>;

/**
 * One block of a `loki.process` component (`stage.match`, `stage.static_labels`, …) as plain
 * data. The stack's Alloy renderer prints it; keeping it as data here lets `@srcobs/ola` stay
 * free of any Alloy printer while still owning the one definition of the rules.
 */
export interface StageBlock {
  readonly name: string;
  readonly attributes: ReadonlyArray<readonly [string, StageValue]>;
  readonly blocks: readonly StageBlock[];
  /** Why the block is there, printed as a comment above it. */
  readonly comment?: string;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function lineFilter(op: '|~' | '!~', pattern: string, ignoreCase: boolean): string {
  return ` ${op} ${quote(ignoreCase ? `(?i)${pattern}` : pattern)}`;
}

/** The LogQL selector (with line filters) under which a rule applies, for `stage.match`. */
export function ruleSelector(rule: ClassificationRule): string {
  const matchers = [`${SOURCE_LABEL}=${quote(rule.source)}`, `${OLA_LABEL}=""`];
  for (const [name, pattern] of Object.entries(rule.labels ?? {})) matchers.push(`${name}=~${quote(pattern)}`);
  let selector = `{${matchers.join(', ')}}`;
  for (const p of rule.lineMatches ?? []) selector += lineFilter('|~', p, rule.ignoreCase ?? false);
  for (const p of rule.lineExcludes ?? []) selector += lineFilter('!~', p, rule.ignoreCase ?? false);
  return selector;
}

function setCategory(category: string): StageBlock {
  return { name: 'stage.static_labels', attributes: [['values', { [OLA_LABEL]: category }]], blocks: [] };
}

/**
 * The `loki.process` stages that classify a line exactly as {@link createClassifier} does:
 * believe an embedded category, drop one that is not a real category, then try each rule in
 * order (each guarded by `ola_category=""` so the first match wins) and default to
 * `system_application`. Every stream must carry a `source` label; the selectors need one
 * matcher that cannot match the empty string, and `source=~".+"` is it.
 */
export function olaLokiProcessStages(rules: readonly ClassificationRule[] = CLASSIFICATION_RULES): StageBlock[] {
  const valid = OLA_CATEGORIES.join('|');
  return [
    {
      name: 'stage.regex',
      comment: 'A producer that knows the category (the srcobs SDK) writes it into the line.',
      attributes: [['expression', EMBEDDED_CATEGORY_PATTERN.replace('([a-z_]+)', `(?P<${OLA_LABEL}>[a-z_]+)`)]],
      blocks: [],
    },
    { name: 'stage.labels', attributes: [['values', { [OLA_LABEL]: '' }]], blocks: [] },
    {
      name: 'stage.match',
      comment: 'An ola_category that is not one of the five is dropped, and the rules decide.',
      attributes: [['selector', `{${OLA_LABEL}!~${quote(`(${valid})?`)}}`]],
      blocks: [{ name: 'stage.label_drop', attributes: [['values', [OLA_LABEL]]], blocks: [] }],
    },
    ...rules.map((rule) => ({
      name: 'stage.match',
      comment: `${rule.id}: ${rule.description}`,
      attributes: [['selector', ruleSelector(rule)]] as const,
      blocks: [setCategory(rule.category)],
    })),
    {
      name: 'stage.match',
      comment: `No rule claimed the line: ${DEFAULT_CATEGORY}.`,
      attributes: [['selector', `{${SOURCE_LABEL}=~".+", ${OLA_LABEL}=""}`]],
      blocks: [setCategory(DEFAULT_CATEGORY)],
    },
  ];
}
