import type { AlloyFile, Block, Comment, Expr, ObjectField, Statement } from './ast.js';
import { BINARY_PRECEDENCE } from './ast.js';
import { isIdentifier } from './lexer.js';

/** Widest single-line array or object before the printer breaks it over lines. */
const MAX_INLINE_WIDTH = 100;
const INDENT = '  ';

/**
 * Prints a syntax tree as Alloy text in the layout `alloy fmt` produces: two-space indents,
 * `=` aligned across consecutive attributes and object fields, one element per line (with a
 * trailing comma) for lists that do not fit on one line, and a blank line around nested blocks.
 * Parsing the output gives back the same tree.
 */
export function printAlloy(file: AlloyFile): string {
  const lines = printBody(file.body, '', true);
  for (const comment of file.trailingComments ?? []) lines.push(...commentLines(comment, ''));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Prints one expression on its own (multi-line values indented from column 0). */
export function printAlloyExpression(expr: Expr): string {
  return printExpr(expr, '');
}

function printBody(body: readonly Statement[], indent: string, topLevel: boolean): string[] {
  const lines: string[] = [];
  let run: Statement[] = [];
  let previous: Statement | undefined;
  const flush = (): void => {
    const width = Math.max(0, ...run.map((s) => s.name.length));
    for (const s of run) {
      if (s.kind !== 'attribute') continue;
      lines.push(...(s.comments ?? []).flatMap((c) => commentLines(c, indent)));
      const value = printExpr(s.value, indent);
      lines.push(`${indent}${s.name.padEnd(width)} = ${value}${s.lineComment ? ` ${s.lineComment}` : ''}`);
    }
    run = [];
  };
  for (const statement of body) {
    const separate = previous !== undefined && (topLevel || statement.kind === 'block' || previous.kind === 'block');
    if (statement.kind === 'attribute' && !separate && (statement.comments?.length ?? 0) === 0) {
      run.push(statement);
      previous = statement;
      continue;
    }
    flush();
    if (separate) lines.push('');
    if (statement.kind === 'attribute') run.push(statement);
    else lines.push(...printBlock(statement, indent));
    previous = statement;
  }
  flush();
  return lines;
}

function printBlock(block: Block, indent: string): string[] {
  const lines = (block.comments ?? []).flatMap((c) => commentLines(c, indent));
  const head = `${indent}${block.name}${block.label !== undefined ? ` ${quote(block.label)}` : ''}`;
  const trailer = block.lineComment ? ` ${block.lineComment}` : '';
  const inner = printBody(block.body, indent + INDENT, false);
  for (const comment of block.innerComments ?? []) inner.push(...commentLines(comment, indent + INDENT));
  if (inner.length === 0) {
    lines.push(`${head} { }${trailer}`);
    return lines;
  }
  lines.push(`${head} {`, ...inner, `${indent}}${trailer}`);
  return lines;
}

function commentLines(comment: Comment, indent: string): string[] {
  const [first = '', ...rest] = comment.split('\n');
  // A multi-line block comment keeps its own layout after the first line.
  return [`${indent}${first}`, ...rest];
}

function printExpr(expr: Expr, indent: string): string {
  switch (expr.kind) {
    case 'string':
      return expr.raw && !expr.value.includes('`') ? `\`${expr.value}\`` : quote(expr.value);
    case 'number':
      return expr.text;
    case 'bool':
      return String(expr.value);
    case 'null':
      return 'null';
    case 'identifier':
      return expr.name;
    case 'access':
      return `${printOperand(expr.value, indent)}.${expr.name}`;
    case 'index':
      return `${printOperand(expr.value, indent)}[${printExpr(expr.index, indent)}]`;
    case 'call':
      return `${printOperand(expr.callee, indent)}(${expr.args.map((a) => printExpr(a, indent)).join(', ')})`;
    case 'paren':
      return `(${printExpr(expr.inner, indent)})`;
    case 'unary':
      return `${expr.op}${needsParens(expr.value, 7) ? `(${printExpr(expr.value, indent)})` : printExpr(expr.value, indent)}`;
    case 'binary': {
      const precedence = BINARY_PRECEDENCE[expr.op];
      // `^` is right-associative; every other operator is left-associative.
      const leftMin = expr.op === '^' ? precedence + 1 : precedence;
      const rightMin = expr.op === '^' ? precedence : precedence + 1;
      const left = needsParens(expr.left, leftMin) ? `(${printExpr(expr.left, indent)})` : printExpr(expr.left, indent);
      const right = needsParens(expr.right, rightMin) ? `(${printExpr(expr.right, indent)})` : printExpr(expr.right, indent);
      return `${left} ${expr.op} ${right}`;
    }
    case 'array':
      return printList(expr.elements.map((e) => (i: string) => printExpr(e, i)), '[', ']', indent, expr.elements.every(isSimple));
    case 'object':
      return printObject(expr.fields, indent);
  }
}

/** A postfix operand (`x.y`, `x[0]`, `f()`) needs parentheses when it is an operator expression. */
function printOperand(expr: Expr, indent: string): string {
  return expr.kind === 'binary' || expr.kind === 'unary' ? `(${printExpr(expr, indent)})` : printExpr(expr, indent);
}

function needsParens(expr: Expr, minPrecedence: number): boolean {
  if (expr.kind === 'binary') return BINARY_PRECEDENCE[expr.op] < minPrecedence;
  if (expr.kind === 'unary') return minPrecedence > 7;
  return false;
}

function printList(items: Array<(indent: string) => string>, open: string, close: string, indent: string, simple: boolean): string {
  if (items.length === 0) return `${open}${close}`;
  if (simple) {
    const inline = items.map((p) => p(indent)).join(', ');
    const spaced = open === '{' ? `{ ${inline} }` : `${open}${inline}${close}`;
    if (!spaced.includes('\n') && spaced.length + indent.length <= MAX_INLINE_WIDTH) return spaced;
  }
  const inner = indent + INDENT;
  return `${open}\n${items.map((p) => `${inner}${p(inner)},`).join('\n')}\n${indent}${close}`;
}

function printObject(fields: readonly ObjectField[], indent: string): string {
  const keys = fields.map((f) => (!f.quoted && isIdentifier(f.key) ? f.key : quote(f.key)));
  const simple = fields.every((f) => isSimple(f.value));
  const inline = printList(fields.map((f, i) => (ind: string) => `${keys[i]} = ${printExpr(f.value, ind)}`), '{', '}', indent, simple);
  if (!inline.includes('\n')) return inline;
  const width = Math.max(...keys.map((k) => k.length));
  return printList(fields.map((f, i) => (ind: string) => `${keys[i]!.padEnd(width)} = ${printExpr(f.value, ind)}`), '{', '}', indent, false);
}

/** Simple values may share a line: literals, references, and calls or lists of simple values. */
function isSimple(expr: Expr): boolean {
  switch (expr.kind) {
    case 'array':
      return expr.elements.every(isSimple) && expr.elements.length <= 8;
    case 'object':
      return false;
    case 'call':
      return expr.args.every(isSimple);
    default:
      return true;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

/** A double-quoted Alloy string literal for `value`. */
export function quote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const escape = ESCAPES[ch];
    if (escape !== undefined) out += escape;
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
