import type { LabelExtraction } from '../../syntax/ast.js';
import { DUPLICATE_SUFFIX } from '../labels-builder.js';
import { ERR_LOGFMT, sanitizeLabelKey, type StageProcessor } from '../stage.js';

/**
 * Loki's logfmt decoder (`pkg/logql/log/logfmt/decode.go`, adapted from go-logfmt): keys run to
 * `=` or a space, values are bare or double-quoted with JSON escapes, a key without `=` is a
 * standalone key with no value. A malformed pair records an error and is skipped to the next space.
 */
class LogfmtDecoder {
  pos = 0;
  key: string | undefined;
  value: string | undefined;
  err: string | undefined;

  constructor(private readonly line: string) {}

  eol(): boolean {
    return this.pos >= this.line.length;
  }

  private fail(msg: string): void {
    this.err = `logfmt syntax error at pos ${this.pos + 1} : ${msg}`;
  }

  private skipValue(): false {
    const l = this.line;
    while (this.pos < l.length && l.charCodeAt(this.pos) > 32) this.pos++;
    return false;
  }

  /** Advances to the next pair; false at the end of the line or on a malformed pair. */
  scan(): boolean {
    const l = this.line;
    this.key = undefined;
    this.value = undefined;
    while (this.pos < l.length && l.charCodeAt(this.pos) <= 32) this.pos++;
    if (this.pos >= l.length) return false;
    const start = this.pos;
    for (; this.pos < l.length; this.pos++) {
      const c = l.charCodeAt(this.pos);
      if (c === 61) {
        if (this.pos === start) {
          this.fail("unexpected '='");
          return this.skipValue();
        }
        this.key = l.slice(start, this.pos);
        return this.afterEqual();
      }
      if (c === 34) {
        this.fail(`unexpected '"'`);
        return this.skipValue();
      }
      if (c <= 32) {
        this.key = l.slice(start, this.pos);
        return true;
      }
    }
    this.key = l.slice(start);
    return true;
  }

  private afterEqual(): boolean {
    const l = this.line;
    this.pos++;
    if (this.pos >= l.length) return true;
    const first = l.charCodeAt(this.pos);
    if (first <= 32) return true;
    if (first === 34) return this.quoted();
    const start = this.pos;
    for (; this.pos < l.length; this.pos++) {
      const c = l.charCodeAt(this.pos);
      if (c === 61 || c === 34) {
        this.fail(`unexpected '${String.fromCharCode(c)}'`);
        return this.skipValue();
      }
      if (c <= 32) break;
    }
    if (this.pos > start) this.value = l.slice(start, this.pos);
    return true;
  }

  private quoted(): boolean {
    const l = this.line;
    const start = this.pos;
    let esc = false;
    let hasEsc = false;
    for (let p = start + 1; p < l.length; p++) {
      const c = l.charCodeAt(p);
      if (esc) esc = false;
      else if (c === 92) hasEsc = esc = true;
      else if (c === 34) {
        this.pos = p + 1;
        if (!hasEsc) {
          if (p > start + 1) this.value = l.slice(start + 1, p);
          return true;
        }
        try {
          this.value = JSON.parse(l.slice(start, p + 1)) as string;
        } catch {
          this.fail('invalid quoted value');
          return false;
        }
        return true;
      }
    }
    this.pos = l.length;
    this.fail('unterminated quoted value');
    return false;
  }
}

/**
 * `| logfmt [--strict] [--keep-empty]` (Loki 3): every pair becomes a label; pairs without a
 * value are skipped unless `--keep-empty`; malformed pairs are skipped, and only `--strict` stops
 * at the first one and sets `__error__="LogfmtParserErr"`.
 */
export function logfmtParser(strict: boolean, keepEmpty: boolean): StageProcessor {
  return (state) => {
    const { lbs } = state;
    const dec = new LogfmtDecoder(state.line);
    while (!dec.eol()) {
      if (!dec.scan()) {
        if (strict && dec.err !== undefined) break;
        continue;
      }
      if (dec.key === undefined) continue;
      let name = sanitizeLabelKey(dec.key);
      if (name === '') continue;
      if (lbs.baseHas(name)) name += DUPLICATE_SUFFIX;
      let value = dec.value ?? '';
      if (value.includes('\uFFFD')) value = '';
      if (!keepEmpty && value === '') continue;
      if (!lbs.parsedHas(name)) lbs.set('parsed', name, value);
    }
    if (strict && dec.err !== undefined) lbs.setErr(ERR_LOGFMT, dec.err);
    return true;
  };
}

/** `| logfmt a, b="key"`: only the named keys, each set (empty when absent) under its label name. */
export function logfmtExpressionParser(params: readonly LabelExtraction[], strict: boolean): StageProcessor {
  const byKey = new Map<string, string>();
  for (const p of params) byKey.set(sanitizeLabelKey(p.expression), p.name);
  return (state) => {
    const { lbs } = state;
    for (const p of params) if (!lbs.baseHas(p.name)) lbs.set('parsed', p.name, '');
    const dec = new LogfmtDecoder(state.line);
    while (!dec.eol()) {
      if (!dec.scan()) {
        if (strict && dec.err !== undefined) break;
        continue;
      }
      if (dec.key === undefined) continue;
      const id = byKey.get(sanitizeLabelKey(dec.key));
      if (id === undefined) continue;
      let value = dec.value ?? '';
      if (value.includes('\uFFFD')) value = '';
      lbs.set('parsed', lbs.baseHas(id) ? id + DUPLICATE_SUFFIX : id, value);
    }
    if (strict && dec.err !== undefined) lbs.setErr(ERR_LOGFMT, dec.err);
    return true;
  };
}
