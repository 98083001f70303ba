import { labelsKey, type Labels } from '../../../model/labels.js';

/** Loki's label categories: stream labels, structured metadata, labels parsed from the line. */
export type LabelCategory = 'stream' | 'metadata' | 'parsed';

/** The label Loki sets when a stage fails, and the one with the failure's detail. */
export const ERROR_LABEL = '__error__';
export const ERROR_DETAILS_LABEL = '__error_details__';
/** Suffix a parsed label gets when the stream already has a label of that name. */
export const DUPLICATE_SUFFIX = '_extracted';

/** The labels of one processed line, by category (what the categorize-labels encoding sends). */
export interface CategorizedLabels {
  readonly stream: Labels;
  readonly metadata: Labels;
  readonly parsed: Labels;
}

/** A stream's labels, computed once: the unmodified path of every line of the stream. */
export interface StreamBase {
  readonly labels: Labels;
  readonly key: string;
}

function sortedObject(entries: Iterable<readonly [string, string]>): Record<string, string> {
  const arr = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Record<string, string> = {};
  for (const [k, v] of arr) out[k] = v;
  return out;
}

/** Grouped label sets a builder keeps for reuse; past this, new groups are built each time. */
const MAX_CACHED_GROUPS = 10_000;

/** A canonical key that keeps empty values (Loki keeps `x=""` labels that parsers set). */
export function fullLabelsKey(labels: Labels): string {
  let key = '';
  for (const name of Object.keys(labels).sort()) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}

/**
 * Loki's `LabelsBuilder` (`pkg/logql/log/labels.go`): the labels of the line being processed,
 * as the stream's labels plus three categories of additions and a set of deletions. Parsed labels
 * take precedence over structured metadata, which takes precedence over stream labels; a parser
 * that finds a key the stream already has names it `key_extracted`. Pipeline stages fail softly
 * by setting `__error__` (and `__error_details__`) rather than dropping the line.
 */
export class LabelsBuilder {
  private base: StreamBase = { labels: {}, key: '' };
  private readonly add: Record<LabelCategory, Map<string, string>> = { stream: new Map(), metadata: new Map(), parsed: new Map() };
  private readonly deleted = new Set<string>();
  private errValue = '';
  private errDetailsValue = '';
  /** Grouped label sets by key: most lines of a query share a handful of groups, so reuse them. */
  private readonly groupCache = new Map<string, StreamBase>();
  /** The grouped labels of an unchanged line, per stream, for the `groups` they were computed with. */
  private baseGroups = new WeakMap<StreamBase, StreamBase>();
  private baseGroupsFor: readonly string[] | undefined;
  /** Whether anything was added or deleted since the last reset (most lines change nothing). */
  private dirty = false;

  /** Starts a line of a stream. */
  reset(base: StreamBase): void {
    this.base = base;
    if (this.dirty) {
      this.add.stream.clear();
      this.add.metadata.clear();
      this.add.parsed.clear();
      this.deleted.clear();
      this.dirty = false;
    }
    this.errValue = '';
    this.errDetailsValue = '';
  }

  get err(): string {
    return this.errValue;
  }

  get errDetails(): string {
    return this.errDetailsValue;
  }

  setErr(err: string, details?: string): void {
    this.errValue = err;
    if (details !== undefined) this.errDetailsValue = details;
  }

  resetErr(): void {
    this.errValue = '';
  }

  resetErrDetails(): void {
    this.errDetailsValue = '';
  }

  hasErr(): boolean {
    return this.errValue !== '';
  }

  /** Whether the stream itself has this label (parsers then add the `_extracted` suffix). */
  baseHas(name: string): boolean {
    return this.base.labels[name] !== undefined;
  }

  /** Whether a parser already set this label for the current line (the first value wins). */
  parsedHas(name: string): boolean {
    return this.add.parsed.has(name);
  }

  /** The current value of a label (undefined when absent or deleted). */
  get(name: string): string | undefined {
    const v = this.add.stream.get(name) ?? this.add.metadata.get(name) ?? this.add.parsed.get(name);
    if (v !== undefined) return v;
    if (this.deleted.has(name)) return undefined;
    return this.base.labels[name];
  }

  /** The category a label currently comes from. */
  categoryOf(name: string): LabelCategory | undefined {
    if (this.add.parsed.has(name)) return 'parsed';
    if (this.add.metadata.has(name)) return 'metadata';
    if (this.add.stream.has(name)) return 'stream';
    if (this.deleted.has(name)) return undefined;
    return this.base.labels[name] !== undefined ? 'stream' : undefined;
  }

  /** Sets a label with Loki's precedence: parsed over metadata over stream. */
  set(category: LabelCategory, name: string, value: string): void {
    if (category === 'parsed') {
      this.add.metadata.delete(name);
      this.add.stream.delete(name);
    } else if (category === 'metadata') {
      this.add.stream.delete(name);
      if (this.add.parsed.has(name)) return;
    } else if (this.add.metadata.has(name) || this.add.parsed.has(name)) return;
    this.add[category].set(name, value);
    this.dirty = true;
  }

  /** Adds structured metadata (or other labels) the way Loki's `Add` does: `_extracted` on collisions, `__error__` into the error. */
  addAll(category: LabelCategory, labels: Labels): void {
    for (const k in labels) {
      const name = this.baseHas(k) ? k + DUPLICATE_SUFFIX : k;
      const v = labels[k]!;
      if (name === ERROR_LABEL) this.errValue = v;
      else if (name === ERROR_DETAILS_LABEL) this.errDetailsValue = v;
      else this.set(category, name, v);
    }
  }

  del(name: string): void {
    this.dirty = true;
    this.add.stream.delete(name);
    this.add.metadata.delete(name);
    this.add.parsed.delete(name);
    this.deleted.add(name);
  }

  /** True when nothing changed the stream's labels for this line. */
  unchanged(): boolean {
    return this.add.stream.size === 0 && this.add.metadata.size === 0 && this.add.parsed.size === 0 && this.deleted.size === 0 && this.errValue === '' && this.errDetailsValue === '';
  }

  /** Every current label as [name, value] pairs, unsorted; errors last (Loki's `UnsortedLabels`). */
  *entries(): Generator<readonly [string, string]> {
    const { stream, metadata, parsed } = this.add;
    for (const k in this.base.labels) {
      if (this.deleted.has(k) || metadata.has(k) || parsed.has(k)) continue;
      yield [k, stream.get(k) ?? this.base.labels[k]!];
    }
    for (const [k, v] of stream) if (this.base.labels[k] === undefined && !metadata.has(k) && !parsed.has(k)) yield [k, v];
    for (const [k, v] of metadata) if (!parsed.has(k)) yield [k, v];
    yield* parsed;
    if (this.errValue !== '') yield [ERROR_LABEL, this.errValue];
    if (this.errDetailsValue !== '') yield [ERROR_DETAILS_LABEL, this.errDetailsValue];
  }

  /** All labels, sorted by name, and their key. The stream's own object when nothing changed. */
  result(): StreamBase {
    if (this.unchanged()) return this.base;
    const labels = sortedObject(this.entries());
    return { labels, key: fullLabelsKey(labels) };
  }

  /** Labels as a plain map for templates (`{{ .name }}`). */
  map(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.entries()) out[k] = v;
    return out;
  }

  /** The labels split into Loki's categories; error labels count as parsed. */
  categorized(): CategorizedLabels {
    const stream: Array<[string, string]> = [];
    const metadata: Array<[string, string]> = [];
    const parsed: Array<[string, string]> = [];
    for (const [k, v] of this.entries()) {
      if (k === ERROR_LABEL || k === ERROR_DETAILS_LABEL || this.add.parsed.has(k)) parsed.push([k, v]);
      else if (this.add.metadata.has(k)) metadata.push([k, v]);
      else stream.push([k, v]);
    }
    return { stream: sortedObject(stream), metadata: sortedObject(metadata), parsed: sortedObject(parsed) };
  }

  /**
   * The series labels of a sample: Loki's `GroupedLabels`. With an error the full labels come
   * back, so the error is never grouped away and the query fails as Loki's does.
   */
  grouped(groups: readonly string[] | undefined, without: boolean): StreamBase {
    if (this.hasErr() || groups === undefined) return this.result();
    if (this.unchanged()) {
      if (groups !== this.baseGroupsFor) {
        this.baseGroups = new WeakMap();
        this.baseGroupsFor = groups;
      }
      const cached = this.baseGroups.get(this.base);
      if (cached) return cached;
      const computed = this.groupedSlow(groups, without);
      this.baseGroups.set(this.base, computed);
      return computed;
    }
    return this.groupedSlow(groups, without);
  }

  private groupedSlow(groups: readonly string[], without: boolean): StreamBase {
    if (!without) {
      // `groups` are sorted (see the callers), so the key is canonical without building an object.
      let key = '';
      for (const g of groups) {
        const v = this.get(g);
        if (v !== undefined) key += `${g}\u0000${v}\u0001`;
      }
      const hit = this.groupCache.get(key);
      if (hit) return hit;
      const labels: Record<string, string> = {};
      for (const g of groups) {
        const v = this.get(g);
        if (v !== undefined) labels[g] = v;
      }
      const res = { labels, key };
      if (this.groupCache.size < MAX_CACHED_GROUPS) this.groupCache.set(key, res);
      return res;
    }
    const out: Array<[string, string]> = [];
    for (const [k, v] of this.entries()) if (!groups.includes(k)) out.push([k, v]);
    const labels = sortedObject(out);
    return { labels, key: fullLabelsKey(labels) };
  }
}

/** A stream's base: its labels and their key, computed once per stream. */
export function streamBase(labels: Labels): StreamBase {
  return { labels, key: labelsKey(labels) };
}
