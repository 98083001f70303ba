/**
 * The node tree of Go's `text/template` language, the part `line_format` and `label_format` use:
 * text and `{{ }}` actions with trim markers, pipelines (`.a | lower | trunc 5`), variables,
 * parenthesised pipelines, `if`/`else if`/`else`, `range`, `with`, `break`, `continue`, comments.
 */

export type Arg =
  | { readonly t: 'field'; readonly names: readonly string[] }
  | { readonly t: 'dot' }
  | { readonly t: 'var'; readonly name: string; readonly fields: readonly string[] }
  | { readonly t: 'ident'; readonly name: string }
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'number'; readonly text: string; readonly int: boolean }
  | { readonly t: 'bool'; readonly value: boolean }
  | { readonly t: 'nil' }
  | { readonly t: 'pipe'; readonly pipe: Pipe; readonly fields: readonly string[] };

export interface Command {
  readonly args: readonly Arg[];
}

export interface Pipe {
  /** Declared or assigned variables (`$x :=`, `$i, $v :=`). */
  readonly decl: readonly string[];
  readonly assign: boolean;
  readonly cmds: readonly Command[];
  /** Position for error messages (`line:col`). */
  readonly pos: string;
}

export type TemplateNode =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'action'; readonly pipe: Pipe }
  | { readonly t: 'if' | 'with' | 'range'; readonly pipe: Pipe; readonly list: readonly TemplateNode[]; readonly elseList: readonly TemplateNode[] | undefined }
  | { readonly t: 'break' | 'continue' };

/** A template that does not parse; the message has Go's `template: name:line: ...` shape. */
export class TemplateParseError extends Error {
  override readonly name = 'TemplateParseError';
}
