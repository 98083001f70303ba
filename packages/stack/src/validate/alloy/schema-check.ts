import { COMPONENTS, type ArgumentSpec, type BlockSpec } from '../../alloy/components.js';
import type { Block, Statement } from '../../alloy/syntax/ast.js';
import { closest, type Findings } from './model.js';
import { typeMismatch } from './types.js';

/** Configuration blocks Alloy accepts at the top level without a label (not components). */
const CONFIG_BLOCKS = new Set(['logging', 'tracing', 'http', 'livedebugging', 'remotecfg']);
/** Labelled top-level blocks that are language constructs, not components: left unchecked. */
const LANGUAGE_BLOCKS = new Set(['argument', 'export', 'declare', 'foreach', 'import.file', 'import.git', 'import.http', 'import.string']);

function suggestion(name: string, candidates: Iterable<string>): string {
  const near = closest(name, candidates);
  return near !== undefined ? `; did you mean \`${near}\`?` : '';
}

interface Scope {
  readonly where: string;
  readonly arguments: readonly ArgumentSpec[];
  readonly argumentsKnown: boolean;
  readonly blocks: readonly BlockSpec[];
}

/** Checks one body (a component's or a nested block's) against what the table allows there. */
function checkBody(body: readonly Statement[], scope: Scope, componentBlocks: readonly BlockSpec[], at: Block, out: Findings): void {
  const seenAttributes = new Set<string>();
  const seenBlocks = new Map<string, number>();
  const argumentNames = scope.arguments.map((a) => a.name);
  const blockNames = scope.blocks.map((b) => b.name);
  for (const statement of body) {
    if (statement.kind === 'attribute') {
      const spec = scope.arguments.find((a) => a.name === statement.name);
      if (seenAttributes.has(statement.name)) out.error(statement.pos, `${scope.where}: argument \`${statement.name}\` is set twice`, 'keep one of them');
      seenAttributes.add(statement.name);
      if (!spec) {
        const asBlock = blockNames.includes(statement.name) ? ` (\`${statement.name}\` is a block: write \`${statement.name} { … }\`)` : '';
        const message = `${scope.where}: unknown argument \`${statement.name}\`${asBlock || suggestion(statement.name, argumentNames)}`;
        if (scope.argumentsKnown) out.error(statement.pos, message, argumentNames.length > 0 ? `use one of: ${argumentNames.join(', ')}` : 'this block takes no arguments');
        else out.warning(statement.pos, `${message} (srcobs has not transcribed this block's shared reference page, so it cannot be sure)`);
        continue;
      }
      const problem = typeMismatch(spec.type, statement.value);
      if (problem) out.error(statement.pos, `${scope.where}: \`${statement.name}\` ${problem}`);
      continue;
    }
    if (statement.label !== undefined) out.error(statement.labelPos ?? statement.pos, `${scope.where}: the nested block \`${statement.name}\` cannot have a label`, 'remove the label');
    const spec = scope.blocks.find((b) => b.name === statement.name);
    if (!spec) {
      const asArgument = argumentNames.includes(statement.name) ? ` (\`${statement.name}\` is an argument: write \`${statement.name} = …\`)` : '';
      out.error(statement.pos, `${scope.where}: unknown block \`${statement.name}\`${asArgument || suggestion(statement.name, blockNames)}`, blockNames.length > 0 ? `use one of: ${blockNames.join(', ')}` : 'this block takes no nested blocks');
      continue;
    }
    const count = (seenBlocks.get(spec.name) ?? 0) + 1;
    seenBlocks.set(spec.name, count);
    if (count === 2 && !spec.repeatable) out.error(statement.pos, `${scope.where}: block \`${spec.name}\` may appear only once`, `merge the \`${spec.name}\` blocks into one`);
    checkBody(
      statement.body,
      {
        where: `${scope.where} > ${spec.name}`,
        arguments: spec.arguments,
        argumentsKnown: spec.argumentsKnown,
        blocks: spec.nestsComponentBlocks ? [...spec.blocks, ...componentBlocks] : spec.blocks,
      },
      componentBlocks,
      statement,
      out,
    );
  }
  for (const argument of scope.arguments) {
    if (argument.required && !seenAttributes.has(argument.name)) out.error(at.pos, `${scope.where}: missing required argument \`${argument.name}\` (${argument.type})`, `add \`${argument.name} = …\``);
  }
  // Several required children of one block are alternatives (azuread: managed_identity | oauth | …).
  const required = scope.blocks.filter((b) => b.required);
  if (required.length === 1 || scope.where.indexOf('>') < 0) {
    for (const b of required) if (!seenBlocks.has(b.name)) out.error(at.pos, `${scope.where}: missing required block \`${b.name}\``, `add \`${b.name} { … }\``);
  }
}

/**
 * Checks every top-level block against the component table: known component, label present and
 * unique, known arguments and blocks (naming the nearest real one when not), required ones
 * present, literal values of the right type.
 */
export function checkComponents(body: readonly Statement[], out: Findings): void {
  const seen = new Map<string, Block>();
  for (const statement of body) {
    if (statement.kind === 'attribute') {
      out.error(statement.pos, `attribute \`${statement.name}\` at the top level: Alloy configs hold components and configuration blocks`, 'move it into the component it configures');
      continue;
    }
    if (statement.label === undefined) {
      if (CONFIG_BLOCKS.has(statement.name)) continue;
      const known = COMPONENTS.has(statement.name);
      out.error(statement.pos, known ? `component \`${statement.name}\` needs a label` : `unknown block \`${statement.name}\`${suggestion(statement.name, [...COMPONENTS.keys(), ...CONFIG_BLOCKS])}`, known ? `write \`${statement.name} "default" { … }\`` : undefined);
      continue;
    }
    if (LANGUAGE_BLOCKS.has(statement.name)) {
      out.warning(statement.pos, `\`${statement.name}\` blocks are not checked by srcobs`);
      continue;
    }
    const spec = COMPONENTS.get(statement.name);
    if (!spec) {
      out.error(statement.pos, `unknown component \`${statement.name}\`${suggestion(statement.name, COMPONENTS.keys())}`, 'use a component from ../shared/reference/alloy/components (the ones srcobs checks)');
      continue;
    }
    const id = `${statement.name}.${statement.label}`;
    if (seen.has(id)) {
      out.error(statement.labelPos ?? statement.pos, `component ${statement.name} "${statement.label}" is declared twice (first at line ${seen.get(id)!.pos?.line ?? '?'})`, 'give each instance its own label');
      continue;
    }
    seen.set(id, statement);
    checkBody(statement.body, { where: `${statement.name} "${statement.label}"`, arguments: spec.arguments, argumentsKnown: true, blocks: spec.blocks }, spec.blocks, statement, out);
  }
}
