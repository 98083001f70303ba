import { compileRe2, groupNames } from '../../syntax/regex.js';
import { DUPLICATE_SUFFIX } from '../labels-builder.js';
import { Pattern } from '../pattern.js';
import { sanitizeLabelKey, type StageProcessor } from '../stage.js';

/**
 * `| regexp "(?P<method>\\w+) (?P<path>\\S+)"`: each named group that took part in the match
 * becomes a label (groups that did not take part in the match are empty), as with Go's
 * `FindSubmatch`; a line that does not match keeps going, unchanged.
 */
export function regexpParser(pattern: string): StageProcessor {
  const re = compileRe2(pattern);
  const names = groupNames(pattern).map((n) => [n, sanitizeLabelKey(n)] as const);
  return (state) => {
    const m = re.exec(state.line);
    if (!m?.groups) return true;
    const { lbs } = state;
    for (const [group, label] of names) {
      const v = m.groups[group] ?? '';
      if (label === '') continue;
      const name = lbs.baseHas(label) ? label + DUPLICATE_SUFFIX : label;
      if (!lbs.parsedHas(name)) lbs.set('parsed', name, v);
    }
    return true;
  };
}

/** `| pattern "<ip> - <user> <_>"`: the named captures that matched become labels. */
export function patternParser(pattern: string): StageProcessor {
  const p = Pattern.parser(pattern);
  return (state) => {
    const values = p.matches(state.line);
    const { lbs } = state;
    for (let i = 0; i < values.length; i++) {
      const label = p.names[i]!;
      const name = lbs.baseHas(label) ? label + DUPLICATE_SUFFIX : label;
      if (!lbs.parsedHas(name)) lbs.set('parsed', name, values[i]!);
    }
    return true;
  };
}
