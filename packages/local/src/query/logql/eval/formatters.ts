import { compileMatcher } from '../../../model/labels.js';
import type { LabelFormatItem, LabelRef } from '../syntax/ast.js';
import { compileRe2 } from '../syntax/regex.js';
import { ERROR_DETAILS_LABEL, ERROR_LABEL, type LabelsBuilder } from './labels-builder.js';
import { ERR_TEMPLATE_FORMAT, type StageProcessor } from './stage.js';
import { compileTemplate } from './template/exec.js';
import { TemplateExecError } from './template/values.js';

/** `| line_format "{{ ... }}"`: the line becomes the template's output; a failure keeps the line and sets `__error__`. */
export function lineFormat(template: string): StageProcessor {
  const t = compileTemplate('line', template);
  return (state) => {
    try {
      state.line = t.execute(state.lbs.map(), state);
    } catch (error) {
      if (!(error instanceof TemplateExecError)) throw error;
      state.lbs.setErr(ERR_TEMPLATE_FORMAT, error.message);
    }
    return true;
  };
}

/**
 * `| label_format dst=src, dst2="{{ template }}"`: renames keep the label's category and drop the
 * source; templates set a parsed label and all read the labels as they were when the stage began.
 */
export function labelFormat(items: readonly LabelFormatItem[]): StageProcessor {
  const compiled = items.map((i) => (i.rename ? { item: i, template: undefined } : { item: i, template: compileTemplate('label', i.template) }));
  return (state) => {
    const { lbs } = state;
    let data: Record<string, string> | undefined;
    for (const { item, template } of compiled) {
      if (item.rename) {
        const v = lbs.get(item.src);
        if (v !== undefined) {
          lbs.set(lbs.categoryOf(item.src) ?? 'parsed', item.dst, v);
          lbs.del(item.src);
        }
        continue;
      }
      data ??= lbs.map();
      try {
        lbs.set('parsed', item.dst, template!.execute(data, state));
      } catch (error) {
        if (!(error instanceof TemplateExecError)) throw error;
        lbs.setErr(ERR_TEMPLATE_FORMAT, error.message);
      }
    }
    return true;
  };
}

function specialValue(lbs: LabelsBuilder, name: string): string | undefined {
  if (name === ERROR_LABEL) return lbs.err;
  if (name === ERROR_DETAILS_LABEL) return lbs.errDetails;
  return lbs.get(name);
}

function dropOne(lbs: LabelsBuilder, name: string): void {
  if (name === ERROR_LABEL) lbs.resetErr();
  else if (name === ERROR_DETAILS_LABEL) lbs.resetErrDetails();
  else if (lbs.get(name) !== undefined) lbs.del(name);
}

function refMatcher(ref: LabelRef): ((v: string) => boolean) | undefined {
  if (!ref.matcher) return undefined;
  const m = ref.matcher;
  if (m.op === '=~' || m.op === '!~') {
    const re = compileRe2(m.value, { anchored: true });
    return (v) => re.test(v) === (m.op === '=~');
  }
  return compileMatcher(m);
}

/** `| drop a, b="x"`: removes labels (or the error labels); with a matcher only when it holds. */
export function dropLabels(refs: readonly LabelRef[]): StageProcessor {
  const compiled = refs.map((r) => ({ name: r.name, test: refMatcher(r) }));
  return (state) => {
    for (const { name, test } of compiled) {
      if (test && !test(specialValue(state.lbs, name) ?? '')) continue;
      dropOne(state.lbs, name);
    }
    return true;
  };
}

/** `| keep a, b="x"`: removes every other label; the error labels always stay. */
export function keepLabels(refs: readonly LabelRef[]): StageProcessor {
  const compiled = refs.map((r) => ({ name: r.name, test: refMatcher(r) }));
  return (state) => {
    const { lbs } = state;
    for (const [name, value] of [...lbs.entries()]) {
      if (name === ERROR_LABEL || name === ERROR_DETAILS_LABEL) continue;
      const keep = compiled.some((k) => k.name === name && (!k.test || k.test(value)));
      if (!keep) lbs.del(name);
    }
    return true;
  };
}

/** ANSI escape sequences, as Loki's decolorizer (after github.com/acarl005/stripansi) finds them. */
const ANSI = /[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[a-zA-Z\d]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PRZcf-ntqry=><~]))/g;

/** `| decolorize`: strips ANSI colour codes from the line. */
export function decolorize(): StageProcessor {
  return (state) => {
    if (state.line.includes('\u001B') || state.line.includes('\u009B')) state.line = state.line.replace(ANSI, '');
    return true;
  };
}
