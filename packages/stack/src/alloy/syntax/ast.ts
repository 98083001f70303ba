/**
 * The syntax tree of an Alloy configuration file, after `../shared/reference/alloy/syntax.md` and
 * `expressions-*.md`. Positions are optional so renderers can build trees by hand and print them;
 * the parser always sets them.
 */

/** A place in the source: 1-based line and column, 0-based offset. */
export interface Position {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
}

/** `// …` or `/* … *\/` text, exactly as written (including the markers). */
export type Comment = string;

/** A whole file: a body of statements. */
export interface AlloyFile {
  readonly kind: 'file';
  readonly body: readonly Statement[];
  /** Comments after the last statement. */
  readonly trailingComments?: readonly Comment[];
}

export type Statement = Attribute | Block;

/** `name = value`. */
export interface Attribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly value: Expr;
  /** Comments on the lines directly above. */
  readonly comments?: readonly Comment[];
  /** A comment after the value on the same line. */
  readonly lineComment?: Comment;
  readonly pos?: Position;
}

/** `a.b.c "label" { … }`: a component, a configuration block, or a nested block. */
export interface Block {
  readonly kind: 'block';
  /** The dotted name, e.g. `loki.process` or `stage.match`. */
  readonly name: string;
  readonly label?: string;
  readonly body: readonly Statement[];
  readonly comments?: readonly Comment[];
  /** A comment after the closing `}` on the same line. */
  readonly lineComment?: Comment;
  /** Comments after the last statement in the body, before `}`. */
  readonly innerComments?: readonly Comment[];
  readonly pos?: Position;
  readonly labelPos?: Position;
}

export type Expr =
  | StringLit
  | NumberLit
  | BoolLit
  | NullLit
  | Identifier
  | Access
  | Index
  | Call
  | ArrayExpr
  | ObjectExpr
  | Unary
  | Binary
  | Paren;

export interface StringLit {
  readonly kind: 'string';
  /** The decoded value. */
  readonly value: string;
  /** Written as a backtick raw string (printed back the same way when it can be). */
  readonly raw?: boolean;
  readonly pos?: Position;
}

export interface NumberLit {
  readonly kind: 'number';
  readonly value: number;
  /** The literal as written (`1e+2`, `.5`), so printing keeps the author's spelling. */
  readonly text: string;
  readonly pos?: Position;
}

export interface BoolLit {
  readonly kind: 'bool';
  readonly value: boolean;
  readonly pos?: Position;
}

export interface NullLit {
  readonly kind: 'null';
  readonly pos?: Position;
}

export interface Identifier {
  readonly kind: 'identifier';
  readonly name: string;
  readonly pos?: Position;
}

/** `value.name`: an object field or a component export. */
export interface Access {
  readonly kind: 'access';
  readonly value: Expr;
  readonly name: string;
  readonly pos?: Position;
}

/** `value[index]`. */
export interface Index {
  readonly kind: 'index';
  readonly value: Expr;
  readonly index: Expr;
  readonly pos?: Position;
}

/** `fn(args…)`, e.g. `sys.env("HOME")` (the callee is `Access(Identifier sys, env)`). */
export interface Call {
  readonly kind: 'call';
  readonly callee: Expr;
  readonly args: readonly Expr[];
  readonly pos?: Position;
}

export interface ArrayExpr {
  readonly kind: 'array';
  readonly elements: readonly Expr[];
  readonly pos?: Position;
}

export interface ObjectField {
  /** The key; quoted in the source when it is not a valid identifier. */
  readonly key: string;
  /** Written in double quotes in the source. */
  readonly quoted?: boolean;
  readonly value: Expr;
}

export interface ObjectExpr {
  readonly kind: 'object';
  readonly fields: readonly ObjectField[];
  readonly pos?: Position;
}

export type UnaryOp = '!' | '-';
export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '^';

export interface Unary {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly value: Expr;
  readonly pos?: Position;
}

export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly pos?: Position;
}

/** `( inner )`, kept so printing reproduces the author's grouping. */
export interface Paren {
  readonly kind: 'paren';
  readonly inner: Expr;
  readonly pos?: Position;
}

/**
 * Binding strength of each binary operator (higher binds tighter), as Alloy's parser defines it:
 * `||` < `&&` < comparisons < `+ -` < `* / %` < `^` (right-associative).
 */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '^': 6,
};
