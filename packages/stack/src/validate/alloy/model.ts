import type { Block, Expr, Position, Statement } from '../../alloy/syntax/ast.js';
import { editDistance, nearestName } from '../../nearest.js';
import type { Finding } from '../types.js';

/** The validator's name in findings. */
export const CHECK = 'alloy';

/** One component instance declared in a file: `loki.write "default" { … }`. */
export interface Declared {
  readonly name: string;
  readonly label: string;
  /** `loki.write.default`: how references spell it. */
  readonly id: string;
  readonly block: Block;
}

/** Collects findings for one file, with positions as `line:col`. */
export class Findings {
  readonly list: Finding[] = [];
  constructor(readonly file: string) {}

  error(at: Position | undefined, message: string, fix?: string): void {
    this.push('error', at, message, fix);
  }

  warning(at: Position | undefined, message: string, fix?: string): void {
    this.push('warning', at, message, fix);
  }

  private push(severity: Finding['severity'], at: Position | undefined, message: string, fix?: string): void {
    this.list.push({
      severity,
      check: CHECK,
      file: this.file,
      ...(at ? { path: `${at.line}:${at.col}` } : {}),
      message,
      ...(fix !== undefined ? { fix } : {}),
    });
  }
}

/** The top-level component blocks of a file (labelled blocks with a dotted name). */
export function declaredComponents(body: readonly Statement[]): Declared[] {
  return body
    .filter((s): s is Block => s.kind === 'block' && s.label !== undefined)
    .map((block) => ({ name: block.name, label: block.label!, id: `${block.name}.${block.label!}`, block }));
}

/** The attribute `name` directly in a block's body. */
export function attribute(block: Block, name: string): Expr | undefined {
  for (const s of block.body) if (s.kind === 'attribute' && s.name === name) return s.value;
  return undefined;
}

/** The blocks named `name` directly in a block's body. */
export function children(block: Block, name: string): Block[] {
  return block.body.filter((s): s is Block => s.kind === 'block' && s.name === name);
}

/** A string literal's value, or undefined for anything computed. */
export function literalString(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'string' ? expr.value : undefined;
}

/** `a.b.c` as `['a', 'b', 'c']` when the expression is a plain access chain from an identifier. */
export function accessChain(expr: Expr): string[] | undefined {
  const names: string[] = [];
  let current: Expr = expr;
  while (current.kind === 'access') {
    names.unshift(current.name);
    current = current.value;
  }
  if (current.kind !== 'identifier') return undefined;
  names.unshift(current.name);
  return names;
}

/**
 * Every maximal access chain in an expression (the operands of references), with the position of
 * its first identifier. A chain used as a function (`sys.env(…)`) is a call, not a reference, and
 * is reported with `call: true`.
 */
export function chains(expr: Expr): Array<{ readonly names: string[]; readonly pos: Position | undefined; readonly call: boolean }> {
  const out: Array<{ names: string[]; pos: Position | undefined; call: boolean }> = [];
  const root = (e: Expr): Position | undefined => (e.kind === 'access' ? root(e.value) : e.pos);
  const visit = (e: Expr, call: boolean): void => {
    const names = accessChain(e);
    if (names) {
      out.push({ names, pos: root(e), call });
      return;
    }
    switch (e.kind) {
      case 'access':
        return visit(e.value, false);
      case 'index':
        visit(e.value, false);
        return visit(e.index, false);
      case 'call':
        visit(e.callee, true);
        return e.args.forEach((a) => visit(a, false));
      case 'array':
        return e.elements.forEach((a) => visit(a, false));
      case 'object':
        return e.fields.forEach((f) => visit(f.value, false));
      case 'unary':
        return visit(e.value, false);
      case 'binary':
        visit(e.left, false);
        return visit(e.right, false);
      case 'paren':
        return visit(e.inner, false);
      default:
        return;
    }
  };
  visit(expr, false);
  return out;
}

/** Every attribute value in a block, nested blocks included, with the block path to it. */
export function* attributesDeep(block: Block, path: readonly string[] = []): Generator<{ path: readonly string[]; name: string; value: Expr; pos: Position | undefined }> {
  for (const s of block.body) {
    if (s.kind === 'attribute') yield { path, name: s.name, value: s.value, pos: s.pos };
    else yield* attributesDeep(s, [...path, s.name]);
  }
}

/**
 * The candidate a misspelt `name` most likely meant, or undefined. Within two edits (a third of
 * the name for long ones) of the nearest candidate, so `ulr` suggests `url` and `foo` suggests
 * nothing.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const best = nearestName(name, candidates, { always: true });
  if (best === undefined) return undefined;
  return editDistance(name.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.ceil(name.length / 3)) ? best : undefined;
}
