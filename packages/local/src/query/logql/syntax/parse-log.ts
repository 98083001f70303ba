import type { SyntaxNode } from '@lezer/common';
import { LABEL_NAME_PATTERN, type LabelMatcher } from '../../../model/labels.js';
import type { CompareOp, LabelExtraction, LabelFilterExpr, LabelFormatItem, LabelRef, LineFilter, LineFilterOp, LogSelectorExpr, Stage, Unwrap } from './ast.js';
import { LogQLParseError } from './errors.js';
import { parseGoDuration, parseHumanBytes, parseModelDuration } from './literals.js';
import { compileRe2, groupNames, RegexSyntaxError } from './regex.js';
import type { TreeReader } from './tree.js';

const MATCH_OPS: Readonly<Record<string, LabelMatcher['op']>> = { Eq: '=', Neq: '!=', Re: '=~', Nre: '!~' };
const COMPARE_OPS: Readonly<Record<string, CompareOp>> = { Eq: '==', Eql: '==', Neq: '!=', Gtr: '>', Gte: '>=', Lss: '<', Lte: '<=' };
const LINE_FILTER_OPS: Readonly<Record<string, LineFilterOp>> = { PipeExact: '|=', Neq: '!=', PipeMatch: '|~', Nre: '!~', PipePattern: '|>', Npa: '!>' };

/** Loki's message when no matcher of a selector narrows the streams. */
export const EMPTY_COMPATIBLE_MESSAGE =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will';

/** A matcher, with its regex checked the way Prometheus compiles it (anchored). */
export function parseMatcher(r: TreeReader, node: SyntaxNode): LabelMatcher {
  const name = r.text(r.child(node, 'Identifier'));
  const opNode = node.getChild('Eq') ?? node.getChild('Neq') ?? node.getChild('Re') ?? node.getChild('Nre');
  if (!opNode) throw r.error(node, 'syntax error: expecting = or != or =~ or !~');
  const value = r.string(r.child(node, 'String'));
  const op = MATCH_OPS[opNode.name]!;
  if (op === '=~' || op === '!~') {
    try {
      compileRe2(value, { anchored: true });
    } catch (error) {
      if (error instanceof RegexSyntaxError) throw new LogQLParseError(r.query, error.message);
      throw error;
    }
  }
  return { name, op, value };
}

/** Whether a matcher accepts the empty value (and so cannot select streams by itself). */
export function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return compileRe2(m.value, { anchored: true }).test('');
    case '!~':
      return !compileRe2(m.value, { anchored: true }).test('');
  }
}

function parseSelector(r: TreeReader, node: SyntaxNode): LabelMatcher[] {
  const matchersNode = r.child(node, 'Matchers');
  const matchers = r.list(matchersNode, 'Matchers', 'Matcher').map((m) => parseMatcher(r, m));
  if (!matchers.some((m) => !matchesEmpty(m))) throw new LogQLParseError(r.query, EMPTY_COMPATIBLE_MESSAGE);
  return matchers;
}

/** A `LogExpr` (possibly parenthesised): the selector and its pipeline. */
export function parseLogExpr(r: TreeReader, node: SyntaxNode): LogSelectorExpr {
  const inner = node.getChild('LogExpr');
  if (inner) return parseLogExpr(r, inner);
  const pipeline = node.getChild('PipelineExpr');
  return { kind: 'log', matchers: parseSelector(r, r.child(node, 'Selector')), stages: pipeline ? parsePipeline(r, pipeline) : [] };
}

/** The selector of a log range (`{...}` plus an optional pipeline), checked like a log query's. */
export function parseRangeSelector(r: TreeReader, selector: SyntaxNode, pipeline: SyntaxNode | null): LogSelectorExpr {
  return { kind: 'log', matchers: parseSelector(r, selector), stages: pipeline ? parsePipeline(r, pipeline) : [] };
}

export function parsePipeline(r: TreeReader, node: SyntaxNode): Stage[] {
  return r.list(node, 'PipelineExpr', 'PipelineStage').flatMap((s) => parseStage(r, s));
}

function parseStage(r: TreeReader, node: SyntaxNode): Stage[] {
  const filters = node.getChild('LineFilters');
  if (filters) return r.list(filters, 'LineFilters', 'LineFilter').map((f) => ({ kind: 'line_filter', filter: parseLineFilter(r, f) }));
  const body = r.children(node).find((c) => c.name !== 'Pipe');
  if (!body) throw r.error(node.to, 'syntax error: unexpected $end');
  switch (body.name) {
    case 'LabelParser':
      return [parseLabelParser(r, body)];
    case 'JsonExpressionParser':
      return [{ kind: 'json', params: parseExtractions(r, r.child(body, 'LabelExtractionExpressionList')) }];
    case 'LogfmtParser':
    case 'LogfmtExpressionParser': {
      const flags = body.getChild('LogfmtParserFlags');
      const names = flags ? r.list(flags, 'LogfmtParserFlags', 'ParserFlag').map((f) => r.text(f)) : [];
      const list = body.getChild('LabelExtractionExpressionList');
      return [{ kind: 'logfmt', strict: names.includes('--strict'), keepEmpty: names.includes('--keep-empty'), params: list ? parseExtractions(r, list) : [] }];
    }
    case 'LabelFilter':
      return [{ kind: 'label_filter', filter: parseLabelFilter(r, body) }];
    case 'LineFormatExpr':
      return [{ kind: 'line_format', template: r.string(r.child(body, 'String')) }];
    case 'LabelFormatExpr':
      return [{ kind: 'label_format', items: parseLabelFormat(r, r.child(body, 'LabelsFormat')) }];
    case 'DecolorizeExpr':
      return [{ kind: 'decolorize' }];
    case 'DropLabelsExpr':
      return [{ kind: 'drop', labels: parseLabelRefs(r, r.child(body, 'DropLabels'), 'DropLabels', 'DropLabel') }];
    case 'KeepLabelsExpr':
      return [{ kind: 'keep', labels: parseLabelRefs(r, r.child(body, 'KeepLabels'), 'KeepLabels', 'KeepLabel') }];
    default:
      throw r.error(body, `syntax error: unexpected ${r.text(body)}`);
  }
}

function parseLineFilter(r: TreeReader, node: SyntaxNode): LineFilter {
  const opNode = r.child(node, 'Filter').firstChild;
  const op = opNode ? LINE_FILTER_OPS[opNode.name] : undefined;
  if (!op) throw r.error(node, 'syntax error: unexpected line filter operator');
  if (node.getChild('FilterOp')) throw r.error(node.getChild('FilterOp')!, 'ip() line filters are not supported by the srcobs local stack; use a regex filter such as |~ "10\\.0\\.0\\.\\d+"');
  const values: string[] = [];
  for (let n: SyntaxNode | null = node; n; n = n.getChild('OrFilter')) values.push(r.string(r.child(n, 'String')));
  if (op === '|~' || op === '!~') {
    for (const v of values) {
      try {
        compileRe2(v);
      } catch (error) {
        if (error instanceof RegexSyntaxError) throw new LogQLParseError(r.query, error.message);
        throw error;
      }
    }
  }
  return { op, values };
}

function parseLabelParser(r: TreeReader, node: SyntaxNode): Stage {
  const kind = node.firstChild?.name;
  switch (kind) {
    case 'Json':
      return { kind: 'json', params: [] };
    case 'Logfmt':
      return { kind: 'logfmt', strict: false, keepEmpty: false, params: [] };
    case 'Unpack':
      return { kind: 'unpack' };
    case 'Regexp': {
      const pattern = r.string(r.child(node, 'String'));
      checkRegexpParser(r, pattern);
      return { kind: 'regexp', pattern };
    }
    case 'Pattern':
      return { kind: 'pattern', pattern: r.string(r.child(node, 'String')) };
    default:
      throw r.error(node, `syntax error: unexpected ${r.text(node)}`);
  }
}

/** Loki's `NewRegexpParser` checks: it compiles, has a named group, valid and unique names. */
function checkRegexpParser(r: TreeReader, pattern: string): void {
  const stage = (msg: string): LogQLParseError => new LogQLParseError(r.query, `stage '| regexp' : ${msg}`);
  try {
    compileRe2(pattern);
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw stage(error.message);
    throw error;
  }
  const names = groupNames(pattern);
  if (names.length === 0) throw stage('at least one named capture must be supplied');
  const seen = new Set<string>();
  for (const n of names) {
    if (!LABEL_NAME_PATTERN.test(n)) throw stage(`invalid extracted label name '${n}'`);
    if (seen.has(n)) throw stage(`duplicate extracted label name '${n}'`);
    seen.add(n);
  }
}

function parseExtractions(r: TreeReader, node: SyntaxNode): LabelExtraction[] {
  return r.list(node, 'LabelExtractionExpressionList', 'LabelExtractionExpression').map((e) => {
    const name = r.text(r.child(e, 'Identifier'));
    const str = e.getChild('String');
    return { name, expression: str ? r.string(str) : name };
  });
}

function parseLabelFormat(r: TreeReader, node: SyntaxNode): LabelFormatItem[] {
  const items = r.list(node, 'LabelsFormat', 'LabelFormatMatcher').map((m): LabelFormatItem => {
    const ids = m.getChildren('Identifier');
    const dst = r.text(ids[0]);
    const str = m.getChild('String');
    return str ? { dst, rename: false, template: r.string(str) } : { dst, rename: true, src: r.text(ids[1]) };
  });
  const seen = new Set<string>();
  for (const it of items) {
    if (it.dst === '__error__') throw new LogQLParseError(r.query, `stage '| label_format' : ${it.dst} cannot be formatted`);
    if (seen.has(it.dst)) throw new LogQLParseError(r.query, `stage '| label_format' : multiple label name '${it.dst}' not allowed in a single format operation`);
    seen.add(it.dst);
  }
  return items;
}

function parseLabelRefs(r: TreeReader, node: SyntaxNode, listName: string, item: string): LabelRef[] {
  return r.list(node, listName, item).map((n) => {
    const m = n.getChild('Matcher');
    if (m) {
      const matcher = parseMatcher(r, m);
      return { name: matcher.name, matcher };
    }
    return { name: r.text(r.child(n, 'Identifier')) };
  });
}

/** A label filter tree: `a > 1 and (b="x" or c=~"y")`. */
export function parseLabelFilter(r: TreeReader, node: SyntaxNode): LabelFilterExpr {
  const subs = node.getChildren('LabelFilter');
  if (subs.length === 1 && !node.getChild('And') && !node.getChild('Or')) return parseLabelFilter(r, subs[0]!);
  if (subs.length === 2) {
    const kind = node.getChild('Or') ? 'or' : 'and';
    return { kind, left: parseLabelFilter(r, subs[0]!), right: parseLabelFilter(r, subs[1]!) };
  }
  const leaf = node.firstChild;
  if (!leaf) throw r.error(node, 'syntax error: unexpected $end');
  switch (leaf.name) {
    case 'Matcher':
      return { kind: 'string', matcher: parseMatcher(r, leaf) };
    case 'NumberFilter': {
      const lit = r.child(leaf, 'LiteralExpr');
      const sign = lit.getChild('Sub') ? -1 : 1;
      return { kind: 'number', name: r.text(r.child(leaf, 'Identifier')), op: compareOp(r, leaf), value: sign * r.number(r.child(lit, 'Number')) };
    }
    case 'UnitFilter': {
      const f = leaf.firstChild!;
      const name = r.text(r.child(f, 'Identifier'));
      if (f.name === 'DurationFilter') {
        const text = r.text(r.child(f, 'Duration'));
        return { kind: 'duration', name, op: compareOp(r, f), value: durationSeconds(r, f, text), text };
      }
      const text = r.text(r.child(f, 'Bytes'));
      return { kind: 'bytes', name, op: compareOp(r, f), value: parseHumanBytes(text), text };
    }
    case 'IpLabelFilter':
      throw r.error(leaf, 'ip() label filters are not supported by the srcobs local stack; use a regex matcher such as addr=~"10\\.0\\..*"');
    default:
      throw r.error(leaf, `syntax error: unexpected ${r.text(leaf)}`);
  }
}

function durationSeconds(r: TreeReader, node: SyntaxNode, text: string): number {
  try {
    return parseGoDuration(text) / 1e9;
  } catch {
    const ns = parseModelDuration(text);
    if (ns === undefined) throw r.error(node, `syntax error: invalid duration ${text}`);
    return ns / 1e9;
  }
}

function compareOp(r: TreeReader, node: SyntaxNode): CompareOp {
  for (const c of r.children(node)) {
    const op = COMPARE_OPS[c.name];
    if (op) return op;
  }
  throw r.error(node, 'syntax error: expecting a comparison operator');
}

const CONVERSIONS: Readonly<Record<string, Unwrap['conversion']>> = { BytesConv: 'bytes', DurationConv: 'duration', DurationSecondsConv: 'duration_seconds' };

/** `| unwrap [conv(]label[)]` and the label filters after it. */
export function parseUnwrap(r: TreeReader, node: SyntaxNode): Unwrap {
  const inner = node.getChild('UnwrapExpr');
  if (inner) {
    const base = parseUnwrap(r, inner);
    return { ...base, postFilters: [...base.postFilters, parseLabelFilter(r, r.child(node, 'LabelFilter'))] };
  }
  const conv = node.getChild('ConvOp')?.firstChild?.name;
  return { label: r.text(r.child(node, 'Identifier')), conversion: conv ? CONVERSIONS[conv]! : 'float', postFilters: [] };
}
