import type { CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { LRLanguage, LanguageSupport } from '@codemirror/language';
import { parser } from '@grafana/lezer-logql';
import { styleTags, tags as t } from '@lezer/highlight';

/*
 * LogQL in the editor: highlighting from Grafana's own grammar, and completion of stream labels
 * and their values from the Loki API (`/loki/api/v1/labels`), plus parsers and range functions.
 */

const language = LRLanguage.define({
  name: 'logql',
  parser: parser.configure({
    props: [
      styleTags({
        'Json Logfmt Unpack Pattern Regexp Unwrap LabelFormat LineFormat LabelReplace Decolorize Drop Keep Ip Offset Bool On Ignoring GroupLeft GroupRight By Without Vector': t.keyword,
        'Sum Avg Count Max Min Stddev Stdvar Bottomk Topk Sort Sort_Desc CountOverTime Rate RateCounter BytesOverTime BytesRate AvgOverTime SumOverTime MinOverTime MaxOverTime StddevOverTime StdvarOverTime QuantileOverTime FirstOverTime LastOverTime AbsentOverTime': t.function(t.variableName),
        'And Or Unless': t.logicOperator,
        Identifier: t.labelName,
        LabelName: t.labelName,
        String: t.string,
        'Number Duration Bytes Range': t.number,
        LineComment: t.lineComment,
        'Eq Neq Re Nre PipeExact PipeMatch PipePattern Npa Pipe Gtr Gte Lss Lte Eql Add Sub Mul Div Mod Pow': t.operator,
        '( )': t.paren,
        '{ }': t.brace,
        '[ ]': t.squareBracket,
      }),
    ],
  }),
  languageData: { commentTokens: { line: '#' }, closeBrackets: { brackets: ['(', '[', '{', '"', '`'] } },
});

const KEYWORDS = ['json', 'logfmt', 'pattern', 'regexp', 'unpack', 'line_format', 'label_format', 'decolorize', 'drop', 'keep', 'unwrap'];
const FUNCTIONS = ['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'avg_over_time', 'sum_over_time', 'min_over_time', 'max_over_time', 'quantile_over_time', 'last_over_time', 'absent_over_time', 'sum', 'avg', 'count', 'max', 'min', 'topk', 'bottomk'];

/** Where label names and values come from: the console passes the Loki API over the current range. */
export interface LogqlCompletionSource {
  labels(): Promise<string[]>;
  values(label: string): Promise<string[]>;
}

function completion(source: LogqlCompletionSource): CompletionSource {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const before = ctx.state.sliceDoc(Math.max(0, ctx.pos - 300), ctx.pos);
    const inSelector = before.lastIndexOf('{') > before.lastIndexOf('}');
    if (inSelector) {
      const value = /([A-Za-z_][A-Za-z0-9_]*)\s*(?:=|!=|=~|!~)\s*"([^"]*)$/.exec(before);
      if (value) {
        const values = await source.values(value[1]!).catch(() => []);
        return { from: ctx.pos - value[2]!.length, options: values.map((v) => ({ label: v, type: 'text' })), validFor: /^[^"]*$/ };
      }
      const name = /(?:^|[{,\s])([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
      if (name && (ctx.explicit || name[1])) {
        const labels = await source.labels().catch(() => []);
        return { from: ctx.pos - (name[1]?.length ?? 0), options: labels.map((l) => ({ label: l, type: 'property', apply: `${l}="` })), validFor: /^[A-Za-z0-9_]*$/ };
      }
      return null;
    }
    const word = ctx.matchBefore(/[A-Za-z_]+/);
    if (!word && !ctx.explicit) return null;
    const afterPipe = /\|\s*[A-Za-z_]*$/.test(before);
    const options = afterPipe ? KEYWORDS.map((k) => ({ label: k, type: 'keyword' })) : FUNCTIONS.map((f) => ({ label: f, type: 'function' }));
    return { from: word?.from ?? ctx.pos, options, validFor: /^[A-Za-z_]*$/ };
  };
}

/** LogQL highlighting and completion for the editor. */
export function logqlLanguage(source: LogqlCompletionSource): LanguageSupport {
  return new LanguageSupport(language, [language.data.of({ autocomplete: completion(source) })]);
}
