import type { Labels } from '../../../model/labels.js';
import type { LogEntry } from '../../../model/logs.js';
import type { Stage } from '../syntax/ast.js';
import { LogQLParseError } from '../syntax/errors.js';
import { RegexSyntaxError } from '../syntax/regex.js';
import { decolorize, dropLabels, keepLabels, labelFormat, lineFormat } from './formatters.js';
import { compileLabelFilter } from './label-filter.js';
import { LabelsBuilder, type StreamBase } from './labels-builder.js';
import { compileLineFilter, literalFilter, type LineTest, type LiteralFilter } from './line-filter.js';
import { jsonExpressionParser, jsonParser, JsonPathError, unpackParser } from './parsers/json-parsers.js';
import { logfmtExpressionParser, logfmtParser } from './parsers/logfmt.js';
import { patternParser, regexpParser } from './parsers/text-parsers.js';
import { PatternError } from './pattern.js';
import type { LineState, StageProcessor } from './stage.js';
import { TemplateParseError } from './template/parse.js';

function stageName(s: Stage): string {
  return s.kind === 'line_filter' ? s.filter.op : `| ${s.kind}`;
}

function compileStage(s: Stage): StageProcessor {
  switch (s.kind) {
    case 'line_filter': {
      const test = compileLineFilter(s.filter);
      return (state) => test(state.line);
    }
    case 'json':
      return s.params.length ? jsonExpressionParser(s.params) : jsonParser();
    case 'logfmt':
      return s.params.length ? logfmtExpressionParser(s.params, s.strict) : logfmtParser(s.strict, s.keepEmpty);
    case 'regexp':
      return regexpParser(s.pattern);
    case 'pattern':
      return patternParser(s.pattern);
    case 'unpack':
      return unpackParser();
    case 'label_filter': {
      const test = compileLabelFilter(s.filter);
      return (state) => test(state.lbs);
    }
    case 'line_format':
      return lineFormat(s.template);
    case 'label_format':
      return labelFormat(s.items);
    case 'decolorize':
      return decolorize();
    case 'drop':
      return dropLabels(s.labels);
    case 'keep':
      return keepLabels(s.labels);
  }
}

/**
 * A compiled log pipeline (Loki's `log.Pipeline`). Leading line filters run on the raw line before
 * any label work, so a filtered-out line costs one string test; the rest run through one reused
 * {@link LabelsBuilder}. Not re-entrant: copy what you need from a result before the next call.
 */
export class Pipeline {
  /** Line filters at the start of the pipeline, combined. */
  readonly prefilter: LineTest | undefined;
  /** Substring needles of the leading `|=`/`!=` filters, for scans that can test bytes first. */
  readonly literals: readonly LiteralFilter[];
  /** True when the pipeline is only line filters: lines keep their stream's labels. */
  readonly filtersOnly: boolean;
  private readonly stages: StageProcessor[];
  private readonly lbs = new LabelsBuilder();
  private readonly state: LineState = { line: '', tsNs: 0n, lbs: this.lbs };

  constructor(stages: readonly Stage[], query: string) {
    let lead = 0;
    while (lead < stages.length && stages[lead]!.kind === 'line_filter') lead++;
    const filters = stages.slice(0, lead).map((s) => compileLineFilter((s as Extract<Stage, { kind: 'line_filter' }>).filter));
    this.prefilter = filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : (line) => filters.every((f) => f(line));
    const lits: LiteralFilter[] = [];
    for (const s of stages.slice(0, lead)) {
      const lit = literalFilter((s as Extract<Stage, { kind: 'line_filter' }>).filter);
      if (!lit) break;
      lits.push(lit);
    }
    this.literals = lits;
    this.filtersOnly = lead === stages.length;
    this.stages = stages.slice(lead).map((s) => {
      try {
        return compileStage(s);
      } catch (error) {
        if (error instanceof PatternError || error instanceof TemplateParseError || error instanceof JsonPathError || error instanceof RegexSyntaxError) {
          const msg = error instanceof TemplateParseError && s.kind === 'line_format' ? `invalid line template: ${error.message}` : error.message;
          throw new LogQLParseError(query, `stage '${stageName(s)}' : ${msg}`, undefined, { cause: error });
        }
        throw error;
      }
    });
  }

  /**
   * Runs one entry of a stream. Returns the builder holding the line's labels (and `state.line`
   * holding the possibly rewritten line), or undefined when a stage dropped it.
   */
  process(base: StreamBase, entry: LogEntry): LineState | undefined {
    if (this.prefilter && !this.prefilter(entry.line)) return undefined;
    const state = this.state;
    state.line = entry.line;
    state.tsNs = entry.tsNs;
    this.lbs.reset(base);
    if (entry.metadata) this.lbs.addAll('metadata', entry.metadata as Labels);
    for (const stage of this.stages) if (!stage(state)) return undefined;
    return state;
  }
}
