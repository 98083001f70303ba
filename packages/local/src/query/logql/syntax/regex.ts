/**
 * RE2 (Go `regexp`) patterns, as LogQL users write them, compiled to JavaScript RegExps. The
 * two dialects agree on nearly everything LogQL users write; the differences handled here:
 * `(?P<name>...)` groups, leading inline flags (`(?i)`, `(?s)`, `(?m)`, `(?is)`), `\A`, `\z`,
 * `\Q...\E` and POSIX classes such as `[[:alpha:]]`. What RE2 refuses (look-around,
 * back-references) is refused here too; what JavaScript on Node 20 cannot express (flags in the
 * middle of a pattern, `(?U)`) fails with an error that says so.
 */

/** A pattern that RE2 would refuse or that cannot be run here; the message starts like Go's. */
export class RegexSyntaxError extends Error {
  override readonly name = 'RegexSyntaxError';
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Translates the body of an RE2 pattern (without leading flags) to JavaScript source. */
function translateBody(pattern: string): { source: string; unicode: boolean } {
  let out = '';
  let unicode = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) throw new RegexSyntaxError('error parsing regexp: trailing backslash at end of expression: ``');
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const lit = end === -1 ? pattern.slice(i + 2) : pattern.slice(i + 2, end);
        out += escapeLiteral(lit);
        i = end === -1 ? pattern.length : end + 1;
        continue;
      }
      if (!inClass && n === 'A') {
        out += '^';
        i++;
        continue;
      }
      if (!inClass && n === 'z') {
        out += '$';
        i++;
        continue;
      }
      if (n === 'p' || n === 'P') unicode = true;
      if (/[1-9]/.test(n) && !inClass) throw new RegexSyntaxError(`error parsing regexp: invalid escape sequence: \`\\${n}\``);
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
        const cls = m ? POSIX_CLASSES[m[2]!] : undefined;
        if (m && cls !== undefined) {
          if (m[1]) throw new RegexSyntaxError('error parsing regexp: negated POSIX classes are not supported here; use a negated bracket like [^0-9]');
          out += cls;
          i += m[0].length - 1;
          continue;
        }
      }
      if (c === '[') {
        out += '\\[';
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in RE2 (and must be escaped in JavaScript).
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (rest.startsWith('<') && !rest.startsWith('<=') && !rest.startsWith('<!')) {
        out += '(?<';
        i += 2;
        continue;
      }
      if (rest.startsWith(':')) {
        out += '(?:';
        i += 2;
        continue;
      }
      if (/^[=!]|^<[=!]/.test(rest)) throw new RegexSyntaxError(`error parsing regexp: invalid or unsupported Perl syntax: \`(?${rest.slice(0, rest[0] === '<' ? 2 : 1)}\``);
      throw new RegexSyntaxError(`error parsing regexp: inline flags inside a pattern (\`(?${rest.split(')')[0]})\`) are not supported by the local stack; put them at the very start, e.g. (?i)error`);
    }
    out += c;
  }
  return { source: out, unicode };
}

/** A translated pattern: JavaScript source and flags. */
export interface TranslatedRegex {
  readonly source: string;
  readonly flags: string;
}

/** Splits leading RE2 flag groups (`(?i)`, `(?s)`, `(?im)`) off a pattern. */
function leadingFlags(pattern: string): { flags: Set<string>; body: string } {
  const flags = new Set<string>();
  let body = pattern;
  for (;;) {
    const m = /^\(\?([a-zA-Z]+)\)/.exec(body);
    if (!m) break;
    for (const f of m[1]!) {
      if (f === 'U') throw new RegexSyntaxError('error parsing regexp: the ungreedy flag (?U) is not supported by the local stack; write lazy quantifiers (.*?) instead');
      if (!'ism'.includes(f)) throw new RegexSyntaxError(`error parsing regexp: invalid or unsupported Perl syntax: \`(?${m[1]}\``);
      flags.add(f);
    }
    body = body.slice(m[0].length);
  }
  return { flags, body };
}

/**
 * Translates an RE2 pattern. `anchored` wraps it as Prometheus and Loki label matchers do
 * (`^(?s:...)$`: the whole value, `.` matching newlines); otherwise it searches, with `.` not
 * matching newlines unless `(?s)` says so, as Go's `regexp` does for line filters and `| regexp`.
 */
export function translateRe2(pattern: string, anchored: boolean): TranslatedRegex {
  const { flags, body } = leadingFlags(pattern);
  const { source, unicode } = translateBody(body);
  let jsFlags = '';
  if (flags.has('i')) jsFlags += 'i';
  if (flags.has('m')) jsFlags += 'm';
  if (flags.has('s') || anchored) jsFlags += 's';
  if (unicode) jsFlags += 'u';
  return { source: anchored ? `^(?:${source})$` : source, flags: jsFlags };
}

/** Compiles an RE2 pattern to a RegExp (see {@link translateRe2}); throws RegexSyntaxError. */
export function compileRe2(pattern: string, options: { anchored?: boolean; global?: boolean } = {}): RegExp {
  const t = translateRe2(pattern, options.anchored ?? false);
  try {
    return new RegExp(t.source, t.flags + (options.global ? 'g' : ''));
  } catch (error) {
    const js = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    const go = JS_TO_GO_MESSAGES.find(([re]) => re.test(js))?.[1] ?? js.toLowerCase();
    throw new RegexSyntaxError(`error parsing regexp: ${go}: \`${pattern}\``, { cause: error });
  }
}

/** Go's wording for the errors JavaScript reports differently. */
const JS_TO_GO_MESSAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/Unterminated group/, 'missing closing )'],
  [/Unmatched '\)'/, 'unexpected )'],
  [/Nothing to repeat/, 'missing argument to repetition operator'],
  [/Unterminated character class/, 'missing closing ]'],
  [/Range out of order/, 'invalid character class range'],
  [/Incomplete quantifier|numbers out of order/, 'invalid repeat count'],
];

/** The names of the named groups of a pattern, in order (`(?P<a>..)` and `(?<a>..)`). */
export function groupNames(pattern: string): string[] {
  const names: string[] = [];
  const re = /\(\?P?<([^>=!][^>]*)>/g;
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) names.push(m[1]!);
  return names;
}
