import type { LabelExtraction } from '../../syntax/ast.js';
import { DUPLICATE_SUFFIX, type LabelsBuilder } from '../labels-builder.js';
import { ERR_JSON, sanitizeLabelKey, type LineState, type StageProcessor } from '../stage.js';
import { arrayEach, JsonScanError, objectEach, stringValue, type RawValue } from './json-scan.js';

/** A `| json` parameter expression that does not parse (Loki: `cannot parse expression [...]`). */
export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

function leafValue(v: RawValue): string {
  switch (v.type) {
    case 'string':
      return stringValue(v.raw);
    case 'number':
      return v.raw;
    case 'boolean':
      return v.raw === 'true' ? 'true' : 'false';
    default:
      return '';
  }
}

/** Sets a parsed label unless a parser already set it for this line: the first value wins. */
function setParsed(lbs: LabelsBuilder, name: string, value: string): void {
  if (lbs.parsedHas(name)) return;
  lbs.set('parsed', name, value);
}

/**
 * `| json` without parameters: every string, number and boolean member becomes a label, nested
 * objects flattened with `_` (`{"a":{"b":1}}` gives `a_b="1"`), arrays and nulls skipped, keys
 * sanitized and suffixed `_extracted` when the stream has the label. A malformed line keeps the
 * labels found so far and gets `__error__="JSONParserErr"` with jsonparser's detail.
 */
export function jsonParser(): StageProcessor {
  return (state: LineState) => {
    const lbs = state.lbs;
    const visit = (prefix: string) => (key: string, value: RawValue): void => {
      if (value.type === 'object') {
        const next = sanitizeLabelKey(key, prefix);
        if (next === prefix) return;
        objectEach(state.line, visit(`${next}_`), value.start);
        return;
      }
      if (value.type !== 'string' && value.type !== 'number' && value.type !== 'boolean') return;
      let name = sanitizeLabelKey(key, prefix);
      if (name === '' || name === prefix) return;
      if (lbs.baseHas(name)) name += DUPLICATE_SUFFIX;
      setParsed(lbs, name, leafValue(value));
    };
    try {
      objectEach(state.line, visit(''));
    } catch (error) {
      if (!(error instanceof JsonScanError)) throw error;
      lbs.setErr(ERR_JSON, error.message);
    }
    return true;
  };
}

/** Parses a Loki JSON path: `a.b`, `a["b.c"]`, `list[0]`, `a.list[0]["x"]`. */
export function parseJsonPath(expr: string): Array<string | number> {
  const parts: Array<string | number> = [];
  let i = 0;
  const fail = (): never => {
    throw new JsonPathError(`cannot parse expression [${expr}]: syntax error`);
  };
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '.') {
      // A dot separates fields: it needs one before and a bare field after.
      if (parts.length === 0 || !/^\.[^.[\]"\s]/.test(expr.slice(i))) fail();
      i++;
      continue;
    }
    if (c === '[') {
      const m = /^\[\s*(?:(\d+)|"((?:[^"\\]|\\.)*)")\s*\]/.exec(expr.slice(i));
      if (!m) fail();
      parts.push(m![1] !== undefined ? Number(m![1]) : m![2]!.replace(/\\(.)/g, '$1'));
      i += m![0].length;
      continue;
    }
    const m = /^[^.[\]"\s]+/.exec(expr.slice(i));
    if (!m) fail();
    parts.push(m![0]);
    i += m![0].length;
  }
  if (parts.length === 0) fail();
  return parts;
}

/** The value at a path, or undefined when some step is missing (or of the wrong type). */
/** Reads the box through a call, so the compiler does not assume the callbacks left it unset. */
function current(box: { found: RawValue | undefined }): RawValue | undefined {
  return box.found;
}

function lookup(line: string, path: ReadonlyArray<string | number>): RawValue | undefined {
  let at = 0;
  const box: { found: RawValue | undefined } = { found: undefined };
  for (const part of path) {
    box.found = undefined;
    const opener = line.slice(at).trimStart()[0];
    if (typeof part === 'number') {
      if (opener !== '[') return undefined;
      arrayEach(line, (v, idx) => (idx === part ? ((box.found = v), false) : undefined), at);
    } else {
      if (opener !== '{') return undefined;
      objectEach(line, (k, v) => (k === part ? ((box.found = v), false) : undefined), at);
    }
    const found = current(box);
    if (!found) return undefined;
    at = found.start;
  }
  return box.found as RawValue | undefined;
}

/**
 * `| json a="path", b`: only the named paths, objects and arrays as their JSON text, missing
 * paths as empty labels. A line that does not start like JSON gets `__error__` without detail.
 */
export function jsonExpressionParser(params: readonly LabelExtraction[]): StageProcessor {
  const compiled = params.map((p) => ({ name: p.name, path: parseJsonPath(p.expression) }));
  return (state) => {
    const { line, lbs } = state;
    if (line === '') return true;
    const first = line[0];
    if (first !== '"' && first !== '{' && first !== '[') {
      lbs.setErr(ERR_JSON);
      return true;
    }
    for (const { name, path } of compiled) {
      const key = lbs.baseHas(name) ? name + DUPLICATE_SUFFIX : name;
      let v: RawValue | undefined;
      try {
        v = lookup(line, path);
      } catch (error) {
        if (!(error instanceof JsonScanError)) throw error;
        lbs.setErr(ERR_JSON, error.message);
      }
      if (v) lbs.set('parsed', key, v.type === 'null' ? '' : v.type === 'object' || v.type === 'array' ? v.raw : leafValue(v));
      else if (lbs.get(name) === undefined) lbs.set('parsed', name, '');
    }
    return true;
  };
}

/** `| unpack`: labels packed by Promtail's `pack` stage, and `_entry` as the new line. */
export function unpackParser(): StageProcessor {
  return (state) => {
    const { line, lbs } = state;
    if (line === '') return true;
    if (line[0] !== '{') {
      lbs.setErr(ERR_JSON, 'expecting json object(6), but it is not');
      return true;
    }
    const found: Array<[string, string]> = [];
    let entry: string | undefined;
    try {
      objectEach(line, (key, value) => {
        if (value.type !== 'string') return;
        if (key === '_entry') {
          entry = stringValue(value.raw);
          return;
        }
        found.push([sanitizeLabelKey(lbs.baseHas(key) ? key + DUPLICATE_SUFFIX : key), stringValue(value.raw)]);
      });
    } catch (error) {
      if (!(error instanceof JsonScanError)) throw error;
      lbs.setErr(ERR_JSON, error.message);
      return true;
    }
    if (entry !== undefined) {
      for (const [k, v] of found) setParsed(lbs, k, v);
      state.line = entry;
    }
    return true;
  };
}
