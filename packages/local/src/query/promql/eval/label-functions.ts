import { compileAnchoredRegex } from '../../../model/labels.js';
import { QueryExecutionError } from './errors.js';
import { stringArg, vector, vectorArg, type FunctionImpl } from './function-helpers.js';
import { setLabel } from './label-ops.js';
import { mergeSameLabels } from './series-merge.js';

/** Prometheus 3 accepts any non-empty UTF-8 label name (its default UTF-8 validation scheme). */
function validLabelName(name: string): boolean {
  return name !== '' && !/[\uD800-\uDFFF]/.test(name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

/** Compiles an RE2 pattern, translating RE2's `(?P<name>` groups into JavaScript's `(?<name>`. */
export function compileRe2(pattern: string): RegExp {
  return compileAnchoredRegex(pattern.replace(/\(\?P</g, '(?<'));
}

/**
 * Go's `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}`, `$$`. A name is the longest run of
 * letters, digits and `_`, so `$1x` means the group named `1x` (empty), not `$1` then `x`.
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  let rest = template;
  for (;;) {
    const at = rest.indexOf('$');
    if (at < 0) break;
    out += rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const m = /^(?:\{([\p{L}\p{N}_]+)\}|([\p{L}\p{N}_]+))/u.exec(rest);
    if (!m) {
      out += '$';
      continue;
    }
    rest = rest.slice(m[0].length);
    const name = (m[1] ?? m[2])!;
    if (/^\d+$/.test(name) && !(name.length > 1 && name.startsWith('0'))) {
      out += match[Number(name)] ?? '';
    } else {
      out += match.groups?.[name] ?? '';
    }
  }
  return out + rest;
}

/** `label_replace(v, dst, replacement, src, regex)`, over whole series as Prometheus 3 does. */
export const labelReplace: FunctionImpl = (f) => {
  const dst = stringArg(f, 1);
  const replacement = stringArg(f, 2);
  const src = stringArg(f, 3);
  const pattern = stringArg(f, 4);
  let re: RegExp;
  try {
    re = compileRe2(pattern);
  } catch (error) {
    throw new QueryExecutionError(`invalid regular expression in label_replace(): ${pattern}`, { cause: error });
  }
  if (!validLabelName(dst)) throw new QueryExecutionError(`invalid destination label name in label_replace(): ${dst}`);
  const out = vectorArg(f, 0).series.map((s) => {
    const m = re.exec(s.labels[src] ?? '');
    if (!m) return s;
    return { ...s, labels: setLabel(s.labels, dst, expandTemplate(replacement, m)) };
  });
  return vector(mergeSameLabels(out));
};

/** `label_join(v, dst, separator, src...)`, over whole series as Prometheus 3 does. */
export const labelJoin: FunctionImpl = (f) => {
  const dst = stringArg(f, 1);
  const sep = stringArg(f, 2);
  const srcs: string[] = [];
  for (let i = 3; i < f.args.length; i++) {
    const src = stringArg(f, i);
    if (!validLabelName(src)) throw new QueryExecutionError(`invalid source label name in label_join(): ${src}`);
    srcs.push(src);
  }
  if (!validLabelName(dst)) throw new QueryExecutionError(`invalid destination label name in label_join(): ${dst}`);
  const out = vectorArg(f, 0).series.map((s) => ({ ...s, labels: setLabel(s.labels, dst, srcs.map((n) => s.labels[n] ?? '').join(sep)) }));
  return vector(mergeSameLabels(out));
};
