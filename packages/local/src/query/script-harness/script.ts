import { NotationError, ScriptSyntaxError } from './errors.js';

/**
 * The script format every query language's harness reads: the commands of Prometheus'
 * `promql/promqltest` (`load`, `clear`, `eval instant at …`, `eval range from … to … step …`,
 * `expect …` lines and the older `eval_fail`/`eval_warn`/`eval_info`/`eval_ordered` and
 * `expected_fail_message|regexp` forms). A language brings only what differs: how a `load` line
 * reads, how an expected result line reads, its durations and its eval options. See README.md.
 */

/** `expect fail`, `expect warn msg: …`, `expect info regex: …`: what a message must be or match (neither: any). */
export interface Expectation {
  readonly message?: string;
  readonly regex?: RegExp;
}

/** The `expect` kinds the harness itself checks. */
export type ExpectKind = 'fail' | 'warn' | 'no_warn' | 'info' | 'no_info' | 'ordered';

/** An eval option before the query: a bare word, a word and a count, or a word and one of some values. */
export type OptionSpec = 'flag' | 'count' | readonly string[];

/** What a result line may depend on: the kind of eval and its options. */
export interface EvalHeader {
  readonly instant: boolean;
  /** Options given before the query, by name; a flag's value is `''`. */
  readonly options: ReadonlyMap<string, string>;
}

/** How one language's scripts differ from the shared format. */
export interface ScriptDialect<Item, Expected> {
  /** The language's name in messages (`LogQL`). */
  readonly language: string;
  /** `load <interval>` (samples at a fixed interval) rather than a bare `load` (lines that carry their times). */
  readonly loadInterval: boolean;
  /** What one load line holds, for messages (`log line`). */
  readonly loadItem: string;
  /** Reads a script duration (`5m`, `1.5s`) into nanoseconds; `0` is read by the harness. */
  parseDuration(text: string): bigint | undefined;
  /** `eval range … step …` may leave out the step (a search over a window has none). */
  readonly stepOptional?: boolean;
  /** Options an eval may give before its query (`limit 5 direction forward {app="a"}`). */
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** The `expect` kinds this language's results can meet. */
  readonly expects: readonly ExpectKind[];
  /** Bare `expect <flag>` lines that change how results read (`expect attributes`). */
  readonly flags?: readonly string[];
  /** `expect <word> …` lines that are expected results, handed to {@link parseResultLine} (`expect string "x"`). */
  readonly resultExpects?: readonly string[];
  /** Reads one line of a `load` block; throws {@link NotationError} for a line that does not read. */
  parseLoadLine(text: string): readonly Item[];
  /** Reads one expected result line of an eval; throws {@link NotationError} for a line that does not read. */
  parseResultLine(text: string, header: EvalHeader): Expected;
}

export interface LoadCommand<Item> {
  readonly kind: 'load';
  readonly line: number;
  /** `load <interval>`, in nanoseconds; undefined for a language whose load lines carry their times. */
  readonly intervalNs: bigint | undefined;
  readonly items: readonly Item[];
}

export interface ClearCommand {
  readonly kind: 'clear';
  readonly line: number;
}

export interface EvalCommand<Expected> extends EvalHeader {
  readonly kind: 'eval';
  readonly line: number;
  /** The query, after the options. */
  readonly expr: string;
  /** Instant: `startNs === endNs` and `stepNs` 0; range: from `startNs` to `endNs` every `stepNs`. */
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly stepNs: bigint;
  readonly fail: Expectation | undefined;
  readonly warn: readonly Expectation[];
  readonly info: readonly Expectation[];
  readonly noWarn: boolean;
  readonly noInfo: boolean;
  readonly ordered: boolean;
  readonly flags: ReadonlySet<string>;
  /** The expected result lines, in order. */
  readonly results: readonly Expected[];
}

export type ScriptCommand<Item, Expected> = LoadCommand<Item> | ClearCommand | EvalCommand<Expected>;

interface Line {
  readonly text: string;
  /** 1-based. */
  readonly line: number;
}

const EVAL_INSTANT = /^eval(?:_(\w+))?\s+instant\s+(?:at\s+(\S+)\s+)?(.+)$/;
const EVAL_RANGE = /^eval(?:_(\w+))?\s+range\s+from\s+(\S+)\s+to\s+(\S+)\s+(?:step\s+(\S+)\s+)?(.+)$/;
/** The older `eval_<kind>` forms and the `expect` kinds they stand for. */
const LEGACY_EVAL: ReadonlySet<string> = new Set<ExpectKind>(['fail', 'warn', 'info', 'ordered']);
const WITH_MESSAGE: ReadonlySet<string> = new Set<ExpectKind>(['fail', 'warn', 'info']);

/**
 * Drops a comment: a line starting with `#`, or from a `#` after whitespace outside quotes
 * (`"…"`, `'…'`, `` `…` ``) to the end, so `{a="#1"} 1s "x"  # why` keeps its label.
 */
function stripComment(raw: string): string {
  const line = raw.trim();
  if (line.startsWith('#')) return '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '#' && /\s/.test(line[i - 1] ?? '')) return line.slice(0, i).trimEnd();
  }
  return line;
}

/** Runs `read` on one line, turning a notation problem into a syntax error at that line. */
function atLine<T>(file: string, at: Line, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof NotationError || error instanceof SyntaxError) throw new ScriptSyntaxError(file, at.line, error.message, { cause: error });
    throw error;
  }
}

/**
 * Parses a script: one command per block, a blank line (or a comment line) ends a block. Any
 * line that does not follow the format throws a {@link ScriptSyntaxError} naming the file and line.
 */
export function readScript<Item, Expected>(text: string, file: string, dialect: ScriptDialect<Item, Expected>): Array<ScriptCommand<Item, Expected>> {
  const lines = text.split('\n').map(stripComment);
  const out: Array<ScriptCommand<Item, Expected>> = [];
  for (let i = 0; i < lines.length; i++) {
    const head: Line = { text: lines[i]!, line: i + 1 };
    if (head.text === '') continue;
    const word = head.text.split(/\s+/, 1)[0]!;
    if (word === 'clear') {
      out.push({ kind: 'clear', line: head.line });
      continue;
    }
    const body: Line[] = [];
    const isCommand = word === 'load' || /^eval(?:_\w+)?$/.test(word);
    while (isCommand && i + 1 < lines.length && lines[i + 1] !== '') {
      i++;
      body.push({ text: lines[i]!, line: i + 1 });
    }
    if (word === 'load') out.push(readLoad(file, dialect, head, body));
    else if (isCommand) out.push(readEval(file, dialect, head, body));
    else throw new ScriptSyntaxError(file, head.line, `invalid command ${JSON.stringify(head.text)}: use load, clear or eval`);
  }
  return out;
}

function duration(file: string, dialect: ScriptDialect<unknown, unknown>, at: Line, text: string, what: string): bigint {
  const ns = text === '0' ? 0n : dialect.parseDuration(text);
  if (ns === undefined) throw new ScriptSyntaxError(file, at.line, `invalid ${what} ${JSON.stringify(text)}: use a duration such as 5m`);
  return ns;
}

function readLoad<Item>(file: string, dialect: ScriptDialect<Item, unknown>, head: Line, body: readonly Line[]): LoadCommand<Item> {
  const m = /^load(?:\s+(\S+))?$/.exec(head.text);
  let intervalNs: bigint | undefined;
  if (dialect.loadInterval) {
    if (m?.[1] === undefined) throw new ScriptSyntaxError(file, head.line, 'invalid load command: use "load <interval>"');
    intervalNs = duration(file, dialect, head, m[1], 'load interval');
  } else if (head.text !== 'load') {
    throw new ScriptSyntaxError(file, head.line, `a ${dialect.language} load takes no interval: write "load", then one ${dialect.loadItem} per line`);
  }
  const items = body.flatMap((l) => atLine(file, l, () => dialect.parseLoadLine(l.text)));
  return { kind: 'load', line: head.line, intervalNs, items };
}

function usage(dialect: ScriptDialect<unknown, unknown>): string {
  const opts = Object.entries(dialect.options ?? {})
    .map(([name, spec]) => `[${name}${spec === 'flag' ? '' : spec === 'count' ? ' <n>' : ` ${spec.join('|')}`}] `)
    .join('');
  const step = dialect.stepOptional ? '[step <step>]' : 'step <step>';
  return `invalid evaluation command: use 'eval instant at <time> ${opts}<query>' or 'eval range from <start> to <end> ${step} ${opts}<query>'`;
}

/** Reads the options before the query (`limit 5 categorize {app="a"}`); returns them and the query. */
function readOptions(file: string, dialect: ScriptDialect<unknown, unknown>, head: Line, text: string): { options: Map<string, string>; expr: string } {
  const specs = dialect.options ?? {};
  const options = new Map<string, string>();
  let rest = text;
  for (;;) {
    const [word = '', value] = /^(\S+)\s+(?:(\S+)\s)?/.exec(rest)?.slice(1) ?? [];
    const spec = Object.hasOwn(specs, word) ? specs[word] : undefined;
    if (spec === undefined) return { options, expr: rest };
    if (spec !== 'flag' && (value === undefined || (spec === 'count' ? !/^\d+$/.test(value) : !spec.includes(value)))) {
      throw new ScriptSyntaxError(file, head.line, `${word} takes ${spec === 'count' ? 'a count' : `one of ${spec.join(', ')}`} before the query`);
    }
    options.set(word, spec === 'flag' ? '' : value!);
    rest = rest.slice(word.length).trimStart();
    if (spec !== 'flag') rest = rest.slice(value!.length).trimStart();
  }
}

function expectation(file: string, at: Line, text: string | undefined): Expectation {
  if (text === undefined) return {};
  const m = /^(msg|regex):(.*)$/.exec(text);
  if (!m) throw new ScriptSyntaxError(file, at.line, `invalid expect statement: after the kind comes "msg: <text>" or "regex: <pattern>", not ${JSON.stringify(text)}`);
  const body = m[2]!.trim();
  if (m[1] === 'msg') return { message: body };
  try {
    return { regex: new RegExp(body) };
  } catch (error) {
    throw new ScriptSyntaxError(file, at.line, `invalid regex ${body}: ${(error as Error).message}`);
  }
}

function readEval<Expected>(file: string, dialect: ScriptDialect<unknown, Expected>, head: Line, body: readonly Line[]): EvalCommand<Expected> {
  const inst = EVAL_INSTANT.exec(head.text);
  const rng = inst ? null : EVAL_RANGE.exec(head.text);
  const legacy = (inst ?? rng)?.[1];
  if ((!inst && !rng) || (legacy !== undefined && (!LEGACY_EVAL.has(legacy) || !dialect.expects.includes(legacy as ExpectKind)))) {
    throw new ScriptSyntaxError(file, head.line, usage(dialect));
  }
  let startNs: bigint;
  let endNs: bigint;
  let stepNs = 0n;
  if (inst) {
    startNs = endNs = inst[2] === undefined ? 0n : duration(file, dialect, head, inst[2], 'time');
  } else {
    startNs = duration(file, dialect, head, rng![2]!, 'start time');
    endNs = duration(file, dialect, head, rng![3]!, 'end time');
    if (rng![4] !== undefined) stepNs = duration(file, dialect, head, rng![4], 'step');
    else if (!dialect.stepOptional) throw new ScriptSyntaxError(file, head.line, usage(dialect));
    if (endNs < startNs) throw new ScriptSyntaxError(file, head.line, `end (${rng![3]}) is before start (${rng![2]})`);
  }
  const { options, expr } = readOptions(file, dialect, head, (inst ? inst[3] : rng![5])!);
  const header: EvalHeader = { instant: !!inst, options };
  let fail: Expectation | undefined = legacy === 'fail' ? {} : undefined;
  const warn: Expectation[] = legacy === 'warn' ? [{}] : [];
  const info: Expectation[] = legacy === 'info' ? [{}] : [];
  let noWarn = false;
  let noInfo = false;
  let ordered = legacy === 'ordered';
  const flags = new Set<string>();
  const results: Expected[] = [];
  const kinds = [...dialect.expects, ...(dialect.flags ?? [])].join('|');
  for (const at of body) {
    const old = /^expected_fail_(message|regexp)(?:\s+(.*))?$/.exec(at.text);
    if (old) {
      fail = expectation(file, at, `${old[1] === 'message' ? 'msg' : 'regex'}:${old[2] ?? ''}`);
      continue;
    }
    if (at.text.split(/\s+/, 1)[0] !== 'expect') {
      results.push(atLine(file, at, () => dialect.parseResultLine(at.text, header)));
      continue;
    }
    const [, kind = '', arg] = /^expect\s+(\S+)(?:\s+(.*))?$/.exec(at.text) ?? [];
    if (dialect.resultExpects?.includes(kind)) {
      results.push(atLine(file, at, () => dialect.parseResultLine(at.text, header)));
    } else if (dialect.flags?.includes(kind) && arg === undefined) {
      flags.add(kind);
    } else if (dialect.expects.includes(kind as ExpectKind) && (arg === undefined || WITH_MESSAGE.has(kind))) {
      const exp = expectation(file, at, arg);
      if (kind === 'fail') {
        if (fail && (fail.message !== undefined || fail.regex !== undefined)) throw new ScriptSyntaxError(file, at.line, 'multiple expect fail lines are not allowed');
        fail = exp;
      } else if (kind === 'warn') warn.push(exp);
      else if (kind === 'info') info.push(exp);
      else if (kind === 'no_warn') noWarn = true;
      else if (kind === 'no_info') noInfo = true;
      else ordered = true;
    } else {
      throw new ScriptSyntaxError(file, at.line, `invalid expect statement: use expect ${kinds} (fail, warn and info may add "msg: <text>" or "regex: <pattern>")`);
    }
  }
  if (warn.length > 0 && noWarn) throw new ScriptSyntaxError(file, head.line, 'warn and no_warn cannot be used together');
  if (info.length > 0 && noInfo) throw new ScriptSyntaxError(file, head.line, 'info and no_info cannot be used together');
  if (fail && results.length > 0) throw new ScriptSyntaxError(file, head.line, 'an eval that expects failure cannot list results');
  return { kind: 'eval', line: head.line, expr, instant: !!inst, options, startNs, endNs, stepNs, fail, warn, info, noWarn, noInfo, ordered, flags, results };
}
