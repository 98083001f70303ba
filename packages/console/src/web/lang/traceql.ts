import type { CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { LRLanguage, LanguageSupport } from '@codemirror/language';
import { parser } from '@grafana/lezer-traceql';
import { styleTags, tags as t } from '@lezer/highlight';

/*
 * TraceQL in the editor: highlighting from Grafana's grammar, completion of intrinsics and of the
 * attribute names the Tempo API knows (`/api/v2/search/tags`).
 */

const language = LRLanguage.define({
  name: 'traceql',
  parser: parser.configure({
    props: [
      styleTags({
        'Resource Span Event Link Instrumentation Parent IntrinsicField': t.keyword,
        'AttributeField Identifier': t.propertyName,
        String: t.string,
        'Integer Float Duration': t.number,
        Static: t.literal,
        'LineComment BlockComment': t.comment,
        'FieldOp ScalarOp ComparisonOp And Or Gt Lt Desc Anc Pipe': t.operator,
        'Aggregate GroupOperation SelectOperation CoalesceOperation': t.function(t.variableName),
        '{ }': t.brace,
        '( )': t.paren,
      }),
    ],
  }),
  languageData: { closeBrackets: { brackets: ['(', '{', '"'] } },
});

const INTRINSICS = ['name', 'status', 'duration', 'kind', 'statusMessage', 'rootName', 'rootServiceName', 'traceDuration', 'span:name', 'span:duration', 'span:kind', 'span:status', 'trace:duration', 'trace:rootName', 'trace:rootService'];

function completion(tagNames: () => Promise<string[]>): CompletionSource {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const word = ctx.matchBefore(/[A-Za-z_.:]+/);
    if (!word && !ctx.explicit) return null;
    const tags = await tagNames().catch(() => []);
    return {
      from: word?.from ?? ctx.pos,
      options: [...INTRINSICS.map((i) => ({ label: i, type: 'keyword' })), ...tags.map((tag) => ({ label: tag, type: 'property' }))],
      validFor: /^[A-Za-z_.:]*$/,
    };
  };
}

/** TraceQL highlighting and completion; `tagNames` lists attribute names as `resource.x` / `span.y`. */
export function traceqlLanguage(tagNames: () => Promise<string[]>): LanguageSupport {
  return new LanguageSupport(language, [language.data.of({ autocomplete: completion(tagNames) })]);
}
