import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SHARED_DIR } from '@srcobs/testkit';
import { AlloyParseError } from './errors.js';
import { parseAlloy, parseAlloyExpression } from './parser.js';
import { printAlloy } from './printer.js';
import { withoutPositions } from './test-support.js';

/*
 * Every ```alloy example in the pinned Alloy reference either parses (and survives a print/parse
 * round trip) or is one of the documented kinds of non-config the pages put in alloy fences. A
 * parser bug shows up as an example that fails for an unexplained reason.
 */

const REFERENCE = join(SHARED_DIR, 'reference', 'alloy');

interface Example {
  readonly where: string;
  readonly text: string;
}

function examples(): Example[] {
  const pages = [
    ...readdirSync(REFERENCE).filter((f) => f.endsWith('.md')),
    ...readdirSync(join(REFERENCE, 'components')).map((f) => join('components', f)),
  ];
  const out: Example[] = [];
  for (const page of pages) {
    const markdown = readFileSync(join(REFERENCE, page), 'utf8');
    let n = 0;
    for (const match of markdown.matchAll(/```alloy\n([\s\S]*?)```/g)) out.push({ where: `${page} example ${++n}`, text: match[1] ?? '' });
  }
  return out;
}

function isExpression(line: string): boolean {
  try {
    parseAlloyExpression(line);
    return true;
  } catch {
    return false;
  }
}

/** Why an example is not a config file, or undefined when its failure is unexplained. */
function explained(example: Example, error: AlloyParseError): string | undefined {
  const line = (example.text.split('\n')[error.line - 1] ?? '').trim();
  if (/block label must be a valid identifier, but got|got "<[A-Z_]+>"/.test(error.message)) return 'usage template with a "<LABEL>" placeholder';
  if (line === '...' || /got `<`/.test(error.message)) return 'usage template with an elision or <PLACEHOLDER>';
  if (/illegal character ":"/.test(error.message) && error.line <= 2) return 'sample log lines, not Alloy';
  if (/`#` does not start a comment/.test(error.message) && example.where.startsWith('components/discovery.relabel.md')) return 'the page uses # comments, which syntax.md does not allow';
  if (/missing `,` before the newline/.test(error.message) && example.where.startsWith('syntax.md')) return 'the page omits the trailing comma that types_and_values.md requires';
  const lines = example.text.split('\n').map((l) => l.replace(/\/\/.*$/, '').trim()).filter((l) => l !== '');
  const bareExpressions = lines.every(isExpression);
  if (bareExpressions) return 'bare expressions, not statements';
  const firstBlock = lines.findIndex((l) => /\{$/.test(l));
  if (firstBlock > 0 && lines.slice(0, firstBlock).every(isExpression)) {
    const rest = example.text.slice(example.text.indexOf(lines[firstBlock]!));
    parseAlloy(rest);
    return 'bare expressions followed by a config';
  }
  try {
    parseAlloyExpression(example.text);
    return 'one bare expression, not a statement';
  } catch {
    return undefined;
  }
}

test('every Alloy example in the reference parses and round-trips, or is explained', () => {
  const all = examples();
  let parsed = 0;
  const unexplained: string[] = [];
  for (const example of all) {
    try {
      const tree = parseAlloy(example.text);
      const again = parseAlloy(printAlloy(tree));
      assert.deepEqual(withoutPositions(again), withoutPositions(tree), `${example.where} changes when printed`);
      parsed++;
    } catch (error) {
      if (!(error instanceof AlloyParseError)) throw error;
      if (explained(example, error) === undefined) unexplained.push(`${example.where}: ${error.message}`);
    }
  }
  assert.deepEqual(unexplained, []);
  // The pinned reference (Alloy v1.18.1) has 172 examples; 117 are whole configs.
  assert.equal(all.length, 172);
  assert.equal(parsed, 117);
});
