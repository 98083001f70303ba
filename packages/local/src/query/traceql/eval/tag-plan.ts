import { findAttribute, StatusCode } from '../../../model/spans.js';
import type { SpanFilter } from '../../../model/store.js';
import { attributeStringOf } from './attribute-string.js';
import type { OutputField } from './output-fields.js';
import type { SearchPlan } from './search.js';
import type { SpanView } from './trace-context.js';
import { fromAnyValue } from './values.js';

const STATUS_BY_TEXT: Readonly<Record<string, number>> = {
  unset: StatusCode.UNSET,
  ok: StatusCode.OK,
  error: StatusCode.ERROR,
  '0': StatusCode.UNSET,
  '1': StatusCode.OK,
  '2': StatusCode.ERROR,
  status_code_unset: StatusCode.UNSET,
  status_code_ok: StatusCode.OK,
  status_code_error: StatusCode.ERROR,
};

type SpanTest = (s: SpanView) => boolean;

/**
 * The plan of a search by `tags` (Tempo's search before TraceQL, still what `tags=` selects):
 * every tag must hold on one span, except `root.name` and `root.service.name`, which test the
 * trace's root. Special keys as Tempo's: `name`, `service.name`, `status.code`, `error=true`;
 * any other key is an attribute of the span or, failing that, its resource, compared as text.
 */
export function planTags(tags: Readonly<Record<string, string>>): SearchPlan {
  const filter: { -readonly [K in keyof SpanFilter]: SpanFilter[K] } = {};
  const attrs: Array<{ scope: 'any'; key: string; value: string }> = [];
  const spanTests: SpanTest[] = [];
  const traceTests: Array<(s: SpanView) => boolean> = [];
  const fields: OutputField[] = [{ key: 'service.name', read: (s) => fromAnyValue(findAttribute(s.rec.resource, 'service.name')) }];
  for (const [key, value] of Object.entries(tags)) {
    if (key === 'name') {
      filter.name ??= value;
      spanTests.push((s) => s.rec.name === value);
    } else if (key === 'service.name') {
      filter.serviceName ??= value;
      spanTests.push((s) => s.rec.serviceName === value);
    } else if (key === 'status.code' || (key === 'error' && value === 'true')) {
      const code = key === 'error' ? StatusCode.ERROR : (STATUS_BY_TEXT[value.toLowerCase()] ?? -1);
      filter.statusCode ??= code;
      spanTests.push((s) => s.rec.statusCode === code);
    } else if (key === 'root.name') traceTests.push((s) => s.trace.rootName === value);
    else if (key === 'root.service.name') traceTests.push((s) => s.trace.rootServiceName === value);
    else {
      attrs.push({ scope: 'any', key, value });
      spanTests.push((s) => attributeStringOf(s, key) === value);
      fields.push({ key, read: (s) => fromAnyValue(findAttribute(s.rec.attributes, key) ?? findAttribute(s.rec.resource, key)) });
    }
  }
  if (attrs.length > 0) filter.attributes = attrs;
  return {
    filter,
    fields,
    evaluate: (trace) => {
      if (trace.spans.length === 0 || !traceTests.every((t) => t(trace.spans[0]!))) return [];
      const spans = trace.spans.filter((s) => spanTests.every((t) => t(s)));
      return spans.length > 0 ? [{ spans, attributes: [] }] : [];
    },
  };
}
