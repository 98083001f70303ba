import { LABEL_NAME_PATTERN, type LabelMatcher } from '../../../model/labels.js';
import type { AtModifier, Expr, VectorSelector } from './ast.js';
import { formatFloatG } from './go-float.js';
import { formatDuration, quoteString } from './lexical.js';

function labelName(name: string): string {
  return LABEL_NAME_PATTERN.test(name) ? name : quoteString(name);
}

function joinLabels(names: readonly string[]): string {
  return names.map(labelName).join(', ');
}

function matcherString(m: LabelMatcher): string {
  return `${labelName(m.name)}${m.op}${quoteString(m.value)}`;
}

function atAndOffset(at: AtModifier | undefined, offsetMs: number): string {
  let out = '';
  if (at?.kind === 'time') out += ` @ ${(at.ms / 1000).toFixed(3)}`;
  else if (at) out += ` @ ${at.kind}()`;
  if (offsetMs > 0) out += ` offset ${formatDuration(offsetMs)}`;
  else if (offsetMs < 0) out += ` offset -${formatDuration(-offsetMs)}`;
  return out;
}

function selectorString(vs: VectorSelector): string {
  const rest = vs.matchers.filter((m) => !(vs.name !== undefined && m.name === '__name__' && m.op === '=' && m.value === vs.name));
  const name = vs.name === undefined ? '' : /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(vs.name) ? vs.name : undefined;
  if (name === undefined) return `{${[quoteString(vs.name!), ...rest.map(matcherString)].join(', ')}}`;
  if (rest.length === 0) return name;
  return `${name}{${rest.map(matcherString).join(', ')}}`;
}

/**
 * Prints an expression the way Prometheus' `Expr.String()` does, so `/api/v1/rules` and
 * `/api/v1/format_query` show the same text as the real server.
 */
export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return formatFloatG(e.value);
    case 'string':
      return quoteString(e.value);
    case 'paren':
      return `(${formatExpr(e.expr)})`;
    case 'unary':
      return `${e.op}${formatExpr(e.expr)}`;
    case 'vectorSelector':
      return selectorString(e) + atAndOffset(e.at, e.offsetMs);
    case 'matrixSelector':
      return `${selectorString(e.selector)}[${formatDuration(e.rangeMs)}]${atAndOffset(e.selector.at, e.selector.offsetMs)}`;
    case 'subquery':
      return `${formatExpr(e.expr)}[${formatDuration(e.rangeMs)}:${e.stepMs ? formatDuration(e.stepMs) : ''}]${atAndOffset(e.at, e.offsetMs)}`;
    case 'call':
      return `${e.func}(${e.args.map(formatExpr).join(', ')})`;
    case 'aggregate': {
      let s: string = e.op;
      if (e.without) s += ` without (${joinLabels(e.grouping)}) `;
      else if (e.grouping.length > 0) s += ` by (${joinLabels(e.grouping)}) `;
      return `${s}(${e.param ? `${formatExpr(e.param)}, ` : ''}${formatExpr(e.expr)})`;
    }
    case 'binary': {
      let matching = '';
      const vm = e.matching;
      if (vm && (vm.labels.length > 0 || vm.on)) {
        matching = ` ${vm.on ? 'on' : 'ignoring'} (${joinLabels(vm.labels)})`;
        if (vm.card === 'many-to-one' || vm.card === 'one-to-many') matching += ` group_${vm.card === 'many-to-one' ? 'left' : 'right'} (${joinLabels(vm.include)})`;
      }
      return `${formatExpr(e.lhs)} ${e.op}${e.returnBool ? ' bool' : ''}${matching} ${formatExpr(e.rhs)}`;
    }
  }
}
