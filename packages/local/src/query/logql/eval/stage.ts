import type { LabelsBuilder } from './labels-builder.js';

/** The line being processed: stages may rewrite `line` and change labels through `lbs`. */
export interface LineState {
  line: string;
  tsNs: bigint;
  readonly lbs: LabelsBuilder;
}

/** One compiled pipeline stage: false drops the line (Loki's `Stage.Process`). */
export type StageProcessor = (state: LineState) => boolean;

/** `__error__` values, as Loki names them (`pkg/logql/log/error.go`). */
export const ERR_JSON = 'JSONParserErr';
export const ERR_LOGFMT = 'LogfmtParserErr';
export const ERR_SAMPLE_EXTRACTION = 'SampleExtractionErr';
export const ERR_LABEL_FILTER = 'LabelFilterErr';
export const ERR_TEMPLATE_FORMAT = 'TemplateFormatErr';

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

/**
 * Loki's `sanitizeLabelKey(key, true)`: trims spaces, prefixes `_` when the key starts with a
 * digit, and replaces every other character that is not `[A-Za-z0-9_]` (per code point) with `_`.
 */
export function sanitizeLabelKey(key: string, prefix = ''): string {
  const k = key.trim();
  if (k === '') return prefix;
  let out = prefix;
  if (prefix === '') {
    const c = k.charCodeAt(0);
    if (c >= 48 && c <= 57) out = '_';
  }
  let allWord = true;
  for (let i = 0; i < k.length; i++) {
    if (!isWordChar(k.charCodeAt(i))) {
      allWord = false;
      break;
    }
  }
  if (allWord) return out + k;
  for (const ch of k) out += ch.length === 1 && isWordChar(ch.charCodeAt(0)) ? ch : '_';
  return out;
}
