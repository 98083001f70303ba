import { parser } from '@grafana/lezer-logql';
import type { SyntaxNode } from '@lezer/common';
import type { Block } from '../../alloy/syntax/ast.js';
import { attribute, type Declared, type Findings } from './model.js';
import { compileRe2 } from './re2.js';

/** What is wrong with a `stage.match` selector, or undefined when Alloy will accept it. */
export function selectorProblem(selector: string): string | undefined {
  const tree = parser.parse(selector);
  let problem: string | undefined;
  tree.iterate({
    enter(node) {
      if (problem) return false;
      if (node.type.isError) {
        problem = `LogQL syntax error at character ${node.from + 1} of ${JSON.stringify(selector)}`;
        return false;
      }
      // stage.match takes a stream selector and line filters only (loki.process.md, stage.match).
      if (node.name === 'PipelineStage' && !node.node.getChild('LineFilters')) {
        problem = `\`${selector.slice(node.from, node.to).trim()}\` is not a line filter: stage.match accepts a stream selector and line filters only`;
        return false;
      }
      return undefined;
    },
  });
  if (problem) return problem;
  const selectorNode = tree.topNode.getChild('Expr')?.getChild('LogExpr')?.getChild('Selector');
  if (!selectorNode) return `${JSON.stringify(selector)} is not a log stream selector like {app="x"}`;
  return emptyCompatible(selector, selectorNode);
}

/** Loki (and Alloy's parser) require one matcher that cannot match the empty label value. */
function emptyCompatible(selector: string, node: SyntaxNode): string | undefined {
  const matchers: SyntaxNode[] = [];
  const collect = (n: SyntaxNode): void => {
    for (let child = n.firstChild; child; child = child.nextSibling) {
      if (child.name === 'Matcher') matchers.push(child);
      else collect(child);
    }
  };
  collect(node);
  const text = (n: SyntaxNode | null): string => (n ? selector.slice(n.from, n.to) : '');
  for (const m of matchers) {
    const op = m.getChild('Eq') ? '=' : m.getChild('Neq') ? '!=' : m.getChild('Re') ? '=~' : '!~';
    let value: string;
    try {
      value = JSON.parse(text(m.getChild('String'))) as string;
    } catch {
      continue; // A backtick string: rare in generated selectors; assume it is fine.
    }
    let matchesEmpty: boolean;
    if (op === '=') matchesEmpty = value === '';
    else if (op === '!=') matchesEmpty = value !== '';
    else {
      const re = compileRe2(value, { anchored: true });
      if ('error' in re) return `matcher ${text(m)}: ${re.error}`;
      if ('unchecked' in re) continue;
      matchesEmpty = op === '=~' ? re.regex.test('') : !re.regex.test('');
    }
    if (!matchesEmpty) return undefined;
  }
  return `${JSON.stringify(selector)} has no matcher that rejects an empty value, which Loki and Alloy refuse`;
}

function* matchStages(block: Block): Generator<Block> {
  for (const s of block.body) {
    if (s.kind !== 'block') continue;
    if (s.name === 'stage.match') yield s;
    yield* matchStages(s);
  }
}

/** Every `stage.match` selector in every `loki.process` parses as LogQL (the OLA stages are printed into them). */
export function checkMatchSelectors(declared: readonly Declared[], out: Findings): void {
  for (const component of declared) {
    if (component.name !== 'loki.process') continue;
    for (const match of matchStages(component.block)) {
      const selector = attribute(match, 'selector');
      if (selector?.kind !== 'string') continue;
      const problem = selectorProblem(selector.value);
      if (problem) out.error(selector.pos ?? match.pos, `${component.id} > stage.match: ${problem}`, 'fix the selector, e.g. {source="pod"} |~ "pattern"');
    }
  }
}
