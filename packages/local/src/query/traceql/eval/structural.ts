import type { SpansetOp } from '../syntax/ast.js';
import { isDescendant, type SpanView } from './trace-context.js';

type Structural = Exclude<SpansetOp, '&&' | '||'>;
type Relation = '>' | '<' | '>>' | '<<' | '~';

/** The relation and mode of each structural operator: `!` keeps right spans with no match, `&` also returns the matching left spans. */
const OPERATORS: Readonly<Record<Structural, { readonly rel: Relation; readonly mode: 'plain' | 'not' | 'union' }>> = {
  '>': { rel: '>', mode: 'plain' },
  '<': { rel: '<', mode: 'plain' },
  '>>': { rel: '>>', mode: 'plain' },
  '<<': { rel: '<<', mode: 'plain' },
  '~': { rel: '~', mode: 'plain' },
  '!>': { rel: '>', mode: 'not' },
  '!<': { rel: '<', mode: 'not' },
  '!>>': { rel: '>>', mode: 'not' },
  '!<<': { rel: '<<', mode: 'not' },
  '!~': { rel: '~', mode: 'not' },
  '&>': { rel: '>', mode: 'union' },
  '&<': { rel: '<', mode: 'union' },
  '&>>': { rel: '>>', mode: 'union' },
  '&<<': { rel: '<<', mode: 'union' },
  '&~': { rel: '~', mode: 'union' },
};

/** True when right span `r` stands in `rel` to left span `l`: `{l} > {r}` means r is a child of l. */
function related(rel: Relation, r: SpanView, l: SpanView): boolean {
  switch (rel) {
    case '>':
      return r.parent === l;
    case '<':
      return l.parent === r;
    case '>>':
      return isDescendant(r, l);
    case '<<':
      return isDescendant(l, r);
    case '~':
      return r !== l && r.parent !== undefined && r.parent === l.parent;
  }
}

/**
 * Left spans related to at least one right span, found without comparing every pair where the
 * relation allows: parents and siblings through parent links, ancestors by walking up.
 */
function anyRelated(rel: Relation, r: SpanView, left: readonly SpanView[], leftSet: ReadonlySet<SpanView>, parentsOfLeft: ReadonlyMap<SpanView, number>): boolean {
  switch (rel) {
    case '>':
      return r.parent !== undefined && leftSet.has(r.parent);
    case '<':
      return parentsOfLeft.has(r);
    case '>>': {
      let p = r.parent;
      for (let guard = r.trace.spans.length; p && guard >= 0; guard--, p = p.parent) if (leftSet.has(p)) return true;
      return false;
    }
    case '~': {
      if (!r.parent) return false;
      const siblingsInLeft = parentsOfLeft.get(r.parent) ?? 0;
      return siblingsInLeft - (leftSet.has(r) ? 1 : 0) > 0;
    }
    case '<<':
      return left.some((l) => isDescendant(l, r));
  }
}

/**
 * Evaluates a structural operator between the left and right spans of one trace, with Tempo's
 * semantics (`SpansetOperation.evaluate` with `ChildOf`/`DescendantOf`/`SiblingOf`): the result
 * is the right-hand spans that have (`>`), lack (`!>`) the relation to some left span; the
 * union forms (`&>`) also return the left spans that take part.
 */
export function structuralJoin(op: Structural, left: readonly SpanView[], right: readonly SpanView[]): SpanView[] {
  const { rel, mode } = OPERATORS[op];
  const leftSet = new Set(left);
  const parentsOfLeft = new Map<SpanView, number>();
  for (const l of left) if (l.parent) parentsOfLeft.set(l.parent, (parentsOfLeft.get(l.parent) ?? 0) + 1);
  const matchedRight = right.filter((r) => anyRelated(rel, r, left, leftSet, parentsOfLeft) !== (mode === 'not'));
  if (mode !== 'union') return matchedRight;
  const matchedLeft = left.filter((l) => matchedRight.some((r) => related(rel, r, l)));
  const out = [...matchedRight];
  const seen = new Set(out);
  for (const l of matchedLeft) if (!seen.has(l)) out.push(l);
  return out;
}

/** True for the operators {@link structuralJoin} evaluates. */
export function isStructural(op: SpansetOp): op is Structural {
  return op !== '&&' && op !== '||';
}
