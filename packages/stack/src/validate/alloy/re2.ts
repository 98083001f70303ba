/**
 * RE2 patterns (what Alloy, Prometheus relabelling and Loki matchers use) run as JavaScript
 * regexes, so the validator can test a rule against sample values. The two dialects agree on the
 * common subset; the differences that matter are translated (`(?P<name>`, leading `(?i)`) or
 * reported: RE2 has no lookaround and no backreferences, so those are errors Alloy would raise too.
 */
export type CompiledRe2 = { readonly regex: RegExp } | { readonly error: string } | { readonly unchecked: string };

/**
 * Compiles an RE2 pattern. `anchored` wraps it as Prometheus and Loki do (`^(?:…)$`), so `test`
 * answers "does the whole value match".
 */
export function compileRe2(pattern: string, options: { readonly anchored: boolean }): CompiledRe2 {
  if (/\(\?<?[=!]/.test(pattern)) return { error: `RE2 has no lookaround: ${JSON.stringify(pattern)} fails to load` };
  if (/(^|[^\\])\\[1-9]/.test(pattern)) return { error: `RE2 has no backreferences: ${JSON.stringify(pattern)} fails to load` };
  let body = pattern;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    if (leading[1]!.includes('U')) return { unchecked: 'the U (ungreedy) flag has no JavaScript equivalent' };
    flags = [...new Set(leading[1]!.replace('m', ''))].join('') + (leading[1]!.includes('m') ? 'm' : '');
    body = body.slice(leading[0].length);
  }
  if (/\(\?[a-zA-Z-]+[):]/.test(body)) return { unchecked: 'inline flags inside the pattern' };
  if (/\[\[:[a-z]+:\]\]/.test(body)) return { unchecked: 'POSIX character classes' };
  body = body.replace(/\(\?P</g, '(?<').replace(/\\A/g, '^').replace(/\\z/g, '$');
  if (/\\p[A-Z{]/.test(body)) {
    flags += 'u';
    body = body.replace(/\\p([A-Z])/g, '\\p{$1}');
  }
  try {
    return { regex: new RegExp(options.anchored ? `^(?:${body})$` : body, flags) };
  } catch (error) {
    return { error: `not a valid regular expression: ${(error as Error).message}` };
  }
}
