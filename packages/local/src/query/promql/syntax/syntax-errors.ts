import type { Tree } from '@lezer/common';
import { ParseError } from './errors.js';

const KEYWORDS: ReadonlySet<string> = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'atan2']);
const OPERATORS = ['==', '!=', '>=', '<=', '=~', '!~', '+', '-', '*', '/', '%', '^', '>', '<', '='];

/** Offset of the first error node lezer's recovery inserted, or -1 when the tree is clean. */
export function firstErrorOffset(tree: Tree): number {
  let at = -1;
  tree.iterate({
    enter(node) {
      if (at >= 0) return false;
      if (node.type.isError) {
        at = node.from;
        return false;
      }
      return undefined;
    },
  });
  return at;
}

/** Brackets left open before `offset` (ignoring those inside string literals), innermost last. */
function openBrackets(query: string, offset: number): string[] {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < offset && i < query.length; i++) {
    const c = query[i]!;
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '#') while (i < query.length && query[i] !== '\n') i++;
    else if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c === ')' || c === ']' || c === '}') stack.pop();
  }
  return stack;
}

/** Describes the token at `offset` the way Prometheus' lexer items print (`identifier "bar"`, `<op:*>`). */
function describeToken(query: string, offset: number): string {
  const rest = query.slice(offset);
  const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
  if (ident) {
    const word = ident[0];
    return KEYWORDS.has(word.toLowerCase()) ? `<${word.toLowerCase()}>` : `identifier ${JSON.stringify(word)}`;
  }
  const num = /^(?:0[xX][0-9a-fA-F]+|(?:\d[\d_]*(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?(?:[a-z]+)?)/.exec(rest);
  if (num) return `number ${JSON.stringify(num[0])}`;
  const str = /^("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|`[^`]*`?)/.exec(rest);
  if (str) return `string ${JSON.stringify(str[0])}`;
  for (const op of OPERATORS) if (rest.startsWith(op)) return `<op:${op}>`;
  const c = rest[0]!;
  if ('()[]{},:@'.includes(c)) return JSON.stringify(c);
  return `character: ${JSON.stringify(c)}`;
}

/**
 * Turns lezer's first error node into a ParseError worded like Prometheus' parser: `unexpected
 * end of input`, `unclosed left parenthesis`, `unexpected identifier "bar"`, `unknown function
 * with name "foo"`.
 */
export function syntaxError(query: string, errorOffset: number): ParseError {
  let at = errorOffset;
  while (at < query.length && /\s/.test(query[at]!)) at++;
  if (at >= query.length) {
    const open = openBrackets(query, query.length).at(-1);
    if (open === '(') return new ParseError(query, query.length, 'unclosed left parenthesis');
    if (open === '[') return new ParseError(query, query.length, 'unclosed left bracket');
    if (open === '{') return new ParseError(query, query.length, 'unexpected end of input inside braces');
    return new ParseError(query, query.length, 'unexpected end of input');
  }
  if (query[at] === '(') {
    const before = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(query.slice(0, at));
    if (before && !KEYWORDS.has(before[1]!.toLowerCase())) {
      return new ParseError(query, before.index, `unknown function with name ${JSON.stringify(before[1])}`);
    }
  }
  const c = query[at]!;
  if (c === ')' && openBrackets(query, at).at(-1) !== '(') return new ParseError(query, at, 'unexpected right parenthesis \')\'');
  if (c === ']' && openBrackets(query, at).at(-1) !== '[') return new ParseError(query, at, 'unexpected right bracket \']\'');
  if (c === '}' && openBrackets(query, at).at(-1) !== '{') return new ParseError(query, at, 'unexpected right brace \'}\'');
  const inBraces = openBrackets(query, at).at(-1) === '{';
  return new ParseError(query, at, `unexpected ${describeToken(query, at)}${inBraces ? ' in label matching' : ''}`);
}
