/**
 * Loki's pattern expressions (`pkg/logql/log/pattern`): `<_> - <user> [<_>] "<method> <path>"`.
 * A capture is `<name>` (or `<_>` to skip); everything else is a literal. A capture runs to the
 * first occurrence of the next literal, or to the end of the line.
 */

type Node = { readonly literal: string } | { readonly capture: string };

/** A pattern that Loki would refuse, with Loki's message. */
export class PatternError extends Error {
  override readonly name = 'PatternError';
}

const CAPTURE = /^<([A-Za-z_][A-Za-z0-9_]*)>/;

function parse(pattern: string): Node[] {
  const nodes: Node[] = [];
  let lit = '';
  for (let i = 0; i < pattern.length; ) {
    const m = pattern[i] === '<' ? CAPTURE.exec(pattern.slice(i)) : null;
    if (m) {
      if (lit) nodes.push({ literal: lit });
      lit = '';
      nodes.push({ capture: m[1]! });
      i += m[0].length;
    } else {
      lit += pattern[i];
      i++;
    }
  }
  if (lit) nodes.push({ literal: lit });
  return nodes;
}

/** A compiled pattern: the parser (`matches`) and the line filter (`test`). */
export class Pattern {
  private readonly nodes: Node[];
  /** Named captures, in order. */
  readonly names: string[];

  private constructor(nodes: Node[]) {
    this.nodes = nodes;
    this.names = nodes.flatMap((n) => ('capture' in n && n.capture !== '_' ? [n.capture] : []));
  }

  /** Compiles a pattern for `| pattern`: needs a named capture; no two captures in a row; unique names. */
  static parser(pattern: string): Pattern {
    const nodes = parse(pattern);
    validate(nodes, true);
    return new Pattern(nodes);
  }

  /** Compiles a pattern for the `|>` / `!>` line filters, which need no named capture. */
  static filter(pattern: string): Pattern {
    const nodes = parse(pattern);
    validate(nodes, false);
    return new Pattern(nodes);
  }

  /** The values of the named captures that matched, in order (fewer when the line ends early). */
  matches(line: string): string[] {
    const out: string[] = [];
    if (line === '' || this.nodes.length === 0) return out;
    let expr = this.nodes;
    let rest = line;
    const first = expr[0]!;
    if ('literal' in first) {
      if (!rest.startsWith(first.literal)) return out;
      rest = rest.slice(first.literal.length);
      expr = expr.slice(1);
    }
    while (expr.length > 0) {
      const cap = expr[0] as { capture: string };
      if (expr.length === 1) {
        if (cap.capture !== '_') out.push(rest);
        return out;
      }
      const lit = (expr[1] as { literal: string }).literal;
      expr = expr.slice(2);
      const i = rest.indexOf(lit);
      if (i === -1) {
        if (cap.capture !== '_') out.push(rest);
        return out;
      }
      if (cap.capture !== '_') out.push(rest.slice(0, i));
      rest = rest.slice(i + lit.length);
    }
    return out;
  }

  /** Whether the whole line fits the pattern (Loki's `Matcher.Test`). */
  test(line: string): boolean {
    if (line === '' || this.nodes.length === 0) return line === '' && this.nodes.length === 0;
    let off = 0;
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i]!;
      if (!('literal' in n)) continue;
      const j = line.indexOf(n.literal, off);
      if (j === -1) return false;
      // A leading literal anchors the pattern; elsewhere an empty capture before a literal fails.
      if (i === 0 ? j !== 0 : j === off) return false;
      off = j + n.literal.length;
    }
    const endsOnCapture = 'capture' in this.nodes[this.nodes.length - 1]!;
    return endsOnCapture === line.length - off > 0;
  }
}

function validate(nodes: readonly Node[], needCapture: boolean): void {
  if (needCapture && !nodes.some((n) => 'capture' in n && n.capture !== '_')) throw new PatternError('at least one capture is required');
  for (let i = 0; i + 1 < nodes.length; i++) {
    const a = nodes[i]!;
    const b = nodes[i + 1]!;
    if ('capture' in a && 'capture' in b) throw new PatternError(`found consecutive capture '<${a.capture}><${b.capture}>': invalid expr`);
  }
  const seen = new Set<string>();
  for (const n of nodes) {
    if (!('capture' in n) || n.capture === '_') continue;
    if (seen.has(n.capture)) throw new PatternError(`duplicate capture name (${n.capture}): invalid expr`);
    seen.add(n.capture);
  }
}
