import { BadRequestError } from '../../http/errors.js';

/**
 * Parses the label set of a pushed stream, `{app="api", env="prod"}`, as Loki's
 * `syntax.ParseLabels` does: a selector of `=` matchers only, values as Go strings (double-quoted
 * with escapes, or backtick raw strings). Anything else is a BadRequestError naming the spot.
 * Name validity and duplicates are checked by the push validator, for both push encodings.
 */
export function parseStreamLabels(text: string): Array<[string, string]> {
  let i = 0;
  const fail = (what: string): never => {
    throw new BadRequestError(`error parsing labels ${JSON.stringify(text.slice(0, 200))}: ${what} at position ${i}`);
  };
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  ws();
  if (text[i] !== '{') fail('expected "{"');
  i++;
  const out: Array<[string, string]> = [];
  ws();
  if (text[i] === '}') {
    i++;
    ws();
    if (i !== text.length) fail('unexpected text after "}"');
    return out;
  }
  for (;;) {
    ws();
    const start = i;
    while (i < text.length && /[a-zA-Z0-9_]/.test(text[i]!)) i++;
    const name = text.slice(start, i);
    if (name === '') fail('expected a label name');
    ws();
    if (text[i] !== '=' || text[i + 1] === '~') fail(`expected "=" after ${name} (a pushed stream takes only = matchers)`);
    i++;
    ws();
    out.push([name, readString()]);
    ws();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '}') {
      i++;
      break;
    }
    fail('expected "," or "}"');
  }
  ws();
  if (i !== text.length) fail('unexpected text after "}"');
  return out;

  function readString(): string {
    const quote = text[i];
    if (quote === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) fail('unterminated raw string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    if (quote !== '"') fail('expected a quoted value');
    i++;
    let s = '';
    while (i < text.length && text[i] !== '"') {
      const c = text[i]!;
      if (c === '\n') fail('newline in a quoted value');
      if (c !== '\\') {
        s += c;
        i++;
        continue;
      }
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case '"':
        case '\\':
        case "'":
          s += e;
          break;
        case 'n':
          s += '\n';
          break;
        case 't':
          s += '\t';
          break;
        case 'r':
          s += '\r';
          break;
        case 'a':
          s += '\u0007';
          break;
        case 'b':
          s += '\b';
          break;
        case 'f':
          s += '\f';
          break;
        case 'v':
          s += '\v';
          break;
        case 'u':
        case 'U': {
          const len = e === 'u' ? 4 : 8;
          const hex = text.slice(i, i + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail('bad unicode escape');
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) fail('bad unicode escape');
          s += String.fromCodePoint(cp);
          i += len;
          break;
        }
        case 'x': {
          const hex = text.slice(i, i + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail('bad \\x escape');
          s += String.fromCharCode(parseInt(hex, 16));
          i += 2;
          break;
        }
        default:
          fail(`unknown escape \\${e ?? ''}`);
      }
    }
    if (text[i] !== '"') fail('unterminated quoted value');
    i++;
    return s;
  }
}
