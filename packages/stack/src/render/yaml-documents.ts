import { stringify } from 'yaml';

/** The first line of every rendered YAML file: where it came from, and not to edit it by hand. */
export const RENDERED_HEADER = '# Rendered by srcobs from the stack config: change the config and run `srcobs render`, not this file.';

/**
 * Objects as one multi-document YAML file. Long strings (dashboard JSON, rule files) stay on
 * their lines (`lineWidth: 0`) so the file diffs well and nothing is folded mid-expression.
 */
export function yamlDocuments(objects: readonly unknown[]): string {
  const body = objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
  return `${RENDERED_HEADER}\n${body}`;
}
