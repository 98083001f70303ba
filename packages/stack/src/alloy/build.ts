import type { StageBlock, StageValue } from '@srcobs/ola';
import type { Attribute, Block, Expr, Statement } from './syntax/ast.js';

/**
 * Small constructors for Alloy syntax trees, so renderers build configs as data and the printer
 * owns quoting and layout (a label or URL with a quote in it cannot break the output).
 */

/** A string literal. */
export function str(value: string): Expr {
  return { kind: 'string', value };
}

export function num(value: number): Expr {
  return { kind: 'number', value, text: String(value) };
}

export function bool(value: boolean): Expr {
  return { kind: 'bool', value };
}

/** A reference to a component export, e.g. `ref('loki.write.default.receiver')`. */
export function ref(path: string): Expr {
  const [first = '', ...rest] = path.split('.');
  return rest.reduce<Expr>((value, name) => ({ kind: 'access', value, name }), { kind: 'identifier', name: first });
}

/** An array of expressions (strings are taken as string literals). */
export function list(items: ReadonlyArray<Expr | string>): Expr {
  return { kind: 'array', elements: items.map((i) => (typeof i === 'string' ? str(i) : i)) };
}

/** An object; string values are taken as string literals. */
export function obj(fields: Readonly<Record<string, Expr | string>>): Expr {
  return {
    kind: 'object',
    fields: Object.entries(fields).map(([key, value]) => ({ key, value: typeof value === 'string' ? str(value) : value })),
  };
}

/** `name = value`; a string value is taken as a string literal. */
export function attr(name: string, value: Expr | string | number | boolean): Attribute {
  const expr = typeof value === 'string' ? str(value) : typeof value === 'number' ? num(value) : typeof value === 'boolean' ? bool(value) : value;
  return { kind: 'attribute', name, value: expr };
}

/** A block; `label` is omitted for unlabelled (nested) blocks. */
export function block(name: string, label: string | undefined, body: ReadonlyArray<Statement | false | undefined>, comment?: string): Block {
  const statements = body.filter((s): s is Statement => s !== false && s !== undefined);
  return {
    kind: 'block',
    name,
    ...(label !== undefined ? { label } : {}),
    body: statements,
    ...(comment !== undefined ? { comments: comment.split('\n').map((line) => `// ${line}`) } : {}),
  };
}

function stageValue(value: StageValue): Expr {
  if (typeof value === 'string') return str(value);
  if (Array.isArray(value)) return list(value as readonly string[]);
  return obj(value as Readonly<Record<string, string>>);
}

/** A `loki.process` stage from `@srcobs/ola` (plain data) as an Alloy block. */
export function stage(data: StageBlock): Block {
  return block(
    data.name,
    undefined,
    [...data.attributes.map(([name, value]) => attr(name, stageValue(value))), ...data.blocks.map(stage)],
    data.comment,
  );
}
