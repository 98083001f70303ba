import { parseAlloy } from '../alloy/syntax/parser.js';
import { AlloyParseError } from '../alloy/syntax/errors.js';
import type { AlloyFile } from '../alloy/syntax/ast.js';
import type { RenderedFile } from '../render/types.js';
import { checkMatchSelectors } from './alloy/logql.js';
import { CHECK, declaredComponents, Findings } from './alloy/model.js';
import { resolveReferences } from './alloy/references.js';
import { checkRelabelRules } from './alloy/relabel.js';
import { checkComponents } from './alloy/schema-check.js';
import { checkMetricsSinks, checkSourceLabels } from './alloy/signals.js';
import { checkStability } from './alloy/stability.js';
import { checkTracePath } from './alloy/trace-path.js';
import type { Finding, Validator } from './types.js';

/** Checks one Alloy file's text; `file` names it in the findings. */
export function validateAlloyText(file: string, text: string): Finding[] {
  const out = new Findings(file);
  let tree: AlloyFile;
  try {
    tree = parseAlloy(text);
  } catch (error) {
    if (!(error instanceof AlloyParseError)) throw error;
    return [{ severity: 'error', check: CHECK, file, path: `${error.line}:${error.col}`, message: `not valid Alloy syntax: ${error.message.replace(/^\d+:\d+: /, '')}`, fix: error.excerpt() }];
  }
  checkComponents(tree.body, out);
  const declared = declaredComponents(tree.body);
  const edges = resolveReferences(declared, out);
  checkMatchSelectors(declared, out);
  checkRelabelRules(declared, edges, out);
  checkMetricsSinks(declared, out);
  checkSourceLabels(declared, out);
  return out.list;
}

/**
 * The Alloy check of `srcobs validate`: every `alloy` file parses (../shared/reference/alloy
 * syntax); every component, argument and block is one the reference lists, with required ones
 * present (an unknown name gets the nearest real one); every reference resolves to a declared
 * component and a real export, without cycles; `stage.match` selectors are LogQL; relabel rules
 * can fire (E9); connector metrics reach Prometheus (E10); every log stream gets a `source` label;
 * Alloy and the Collector form one trace path (E11); and the alloy chart's stability level loads
 * every component the config uses.
 */
export const validateAlloy: Validator = (files: readonly RenderedFile[]) => [
  ...files.filter((f) => f.kind === 'alloy').flatMap((f) => validateAlloyText(f.path, f.content)),
  ...checkTracePath(files),
  ...checkStability(files),
];
