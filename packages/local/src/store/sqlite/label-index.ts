import type Database from 'better-sqlite3';
import { compileMatcher, compileMatchers, labelsKey, type Labels, type LabelMatcher } from '../../model/labels.js';

/**
 * The inverted index of label sets, shared by series (metrics) and streams (logs): one row per
 * (label name, label value, id), the postings lists of Prometheus' index. Writers add a label set
 * once, when its id is created; readers turn matchers into ids.
 */

/** Which label index: the metrics' series or the logs' streams. */
export type LabelIndexKind = 'series' | 'streams';

const MAX_CACHED_LABEL_SETS = 1_000_000;

/** Writes a new label set's postings; called inside the transaction that creates the id. */
export class PostingsWriter {
  private readonly insert: Database.Statement;

  constructor(db: Database.Database, kind: LabelIndexKind) {
    this.insert = db.prepare(`INSERT INTO ${kind === 'series' ? 'series_postings' : 'stream_postings'}(name, value, id) VALUES (?, ?, ?)`);
  }

  add(id: number, labels: Labels): void {
    for (const name in labels) this.insert.run(name, labels[name], id);
  }
}

/** An id with its label set and canonical key. */
export interface IndexedLabels {
  readonly id: number;
  readonly labels: Labels;
  readonly key: string;
}

/**
 * Resolves matchers to ids through the postings, as Prometheus' `PostingsForMatchers` does:
 * matchers that cannot match an absent label (`job="api"`, `path=~"/v1/.+"`, `x!=""`) select
 * candidates by intersecting postings; the rest (`env!="dev"`, `x=~".*"`) only filter those
 * candidates, or every id when no matcher selects. Every result is checked against all matchers.
 */
export class LabelIndexReader {
  private readonly byValue: Database.Statement;
  private readonly values: Database.Statement;
  private readonly byName: Database.Statement;
  private readonly allIds: Database.Statement;
  private readonly labelsOf: Database.Statement;
  // Ids are never reused (AUTOINCREMENT), so a cached label set never goes stale.
  private readonly cache = new Map<number, IndexedLabels>();

  constructor(db: Database.Database, kind: LabelIndexKind) {
    const postings = kind === 'series' ? 'series_postings' : 'stream_postings';
    this.byValue = db.prepare(`SELECT id FROM ${postings} WHERE name = ? AND value = ?`).pluck();
    this.values = db.prepare(`SELECT DISTINCT value FROM ${postings} WHERE name = ?`).pluck();
    this.byName = db.prepare(`SELECT id FROM ${postings} WHERE name = ?`).pluck();
    this.allIds = db.prepare(`SELECT id FROM ${kind}`).pluck();
    this.labelsOf = db.prepare(`SELECT labels FROM ${kind} WHERE id = ?`).pluck();
  }

  /** Label set of one id, or undefined when it no longer exists. */
  get(id: number): IndexedLabels | undefined {
    let hit = this.cache.get(id);
    if (hit) return hit;
    const text = this.labelsOf.get(id) as string | undefined;
    if (text === undefined) return undefined;
    const labels = JSON.parse(text) as Labels;
    hit = { id, labels, key: labelsKey(labels) };
    if (this.cache.size >= MAX_CACHED_LABEL_SETS) this.cache.clear();
    this.cache.set(id, hit);
    return hit;
  }

  /** Candidate ids from the selecting matchers, or null when none selects (every id is a candidate). */
  private candidates(matchers: readonly LabelMatcher[]): number[] | null {
    let sets: Array<Set<number>> = [];
    for (const m of matchers) {
      const test = compileMatcher(m);
      if (test('')) continue;
      let ids: number[];
      if (m.op === '=') ids = this.byValue.all(m.name, m.value) as number[];
      else if (m.op === '!=' && m.value === '') ids = this.byName.all(m.name) as number[];
      else {
        ids = [];
        for (const value of this.values.all(m.name) as string[]) if (test(value)) for (const id of this.byValue.all(m.name, value) as number[]) ids.push(id);
      }
      if (ids.length === 0) return [];
      sets.push(new Set(ids));
    }
    if (sets.length === 0) return null;
    sets = sets.sort((a, b) => a.size - b.size);
    const [smallest, ...rest] = sets;
    const out: number[] = [];
    for (const id of smallest!) if (rest.every((s) => s.has(id))) out.push(id);
    return out;
  }

  /** Label sets matching every matcher, sorted by canonical key. */
  match(matchers: readonly LabelMatcher[]): IndexedLabels[] {
    const ids = this.candidates(matchers) ?? (this.allIds.all() as number[]);
    const pred = compileMatchers(matchers);
    const out: IndexedLabels[] = [];
    for (const id of ids) {
      const e = this.get(id);
      if (e && pred(e.labels)) out.push(e);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Union over matcher sets (each set AND-ed), sorted; no sets means every id. */
  matchAny(matcherSets: ReadonlyArray<readonly LabelMatcher[]>): IndexedLabels[] {
    if (matcherSets.length === 0) return this.match([]);
    if (matcherSets.length === 1) return this.match(matcherSets[0]!);
    const seen = new Map<number, IndexedLabels>();
    for (const set of matcherSets) for (const e of this.match(set)) seen.set(e.id, e);
    return [...seen.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
