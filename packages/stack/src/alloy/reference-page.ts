/**
 * Reads one Alloy component reference page (`../shared/reference/alloy/components/<name>.md`)
 * into the facts the component table records: the argument table, the block tree (with each
 * block's own argument table, found through the page's `[name][anchor]` links), and the exported
 * fields. The table test compares `components.ts` with what this reads, so a transcription typo
 * or a reference update fails a test instead of passing silently.
 */

/** One row of an arguments table. */
export interface PageArgument {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
}

/** One block of the page, at its path (`['client', 'tls']` for `client > tls`). */
export interface PageBlock {
  readonly path: readonly string[];
  readonly required: boolean;
  /** The rows of the block's own arguments table(s). */
  readonly arguments: readonly PageArgument[];
  /** `docs/shared` pages the block's section includes instead of (or besides) a table. */
  readonly sharedIncludes: readonly string[];
}

/** The page's `labels.stage`: which `--stability.level` Alloy needs to load the component. */
export type Stability = 'general-availability' | 'public-preview' | 'experimental';

export interface ReferencePage {
  readonly stability: Stability | undefined;
  readonly arguments: readonly PageArgument[];
  readonly blocks: readonly PageBlock[];
  readonly exports: readonly { readonly name: string; readonly type: string }[];
}

interface Section {
  readonly level: number;
  readonly title: string;
  readonly slug: string;
  readonly lines: readonly string[];
}

interface Table {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** Hugo's heading anchor: lower case, punctuation other than `-` and `_` removed, spaces to `-`. */
export function headingSlug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

function sections(markdown: string): Section[] {
  const out: Array<{ level: number; title: string; slug: string; lines: string[] }> = [];
  let current = { level: 0, title: '', slug: '', lines: [] as string[] };
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      out.push(current);
      const title = (heading[2] ?? '').trim();
      current = { level: heading[1]!.length, title, slug: headingSlug(title), lines: [] };
    } else {
      current.lines.push(line);
    }
  }
  out.push(current);
  return out;
}

function cells(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  // `\|` inside a cell is an escaped pipe, not a column break.
  return body.split(/(?<!\\)\|/).map((c) => c.trim());
}

function tables(lines: readonly string[]): Table[] {
  const out: Table[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i] ?? '';
    const separator = lines[i + 1] ?? '';
    if (!head.includes('|') || !/^\s*\|?\s*:?-{3,}/.test(separator)) continue;
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && (lines[j] ?? '').includes('|') && (lines[j] ?? '').trim() !== ''; j++) rows.push(cells(lines[j] ?? ''));
    out.push({ header: cells(head).map((h) => h.toLowerCase()), rows });
    i = j - 1;
  }
  return out;
}

/** The text inside the first pair of backticks, e.g. `` `list(string)` `` → `list(string)`. */
function code(cell: string): string {
  const match = /`([^`]+)`/.exec(cell);
  return (match ? match[1]! : cell).trim();
}

function argumentRows(table: Table): PageArgument[] {
  const name = table.header.indexOf('name');
  const type = table.header.indexOf('type');
  const required = table.header.indexOf('required');
  if (name < 0 || type < 0 || required < 0) return [];
  return table.rows.map((row) => ({ name: code(row[name] ?? ''), type: code(row[type] ?? ''), required: /^yes\b/i.test(row[required] ?? '') }));
}

function sharedLookups(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    for (const m of line.matchAll(/docs\/shared lookup="([^"]+)"/g)) if (!m[1]!.startsWith('stability/')) out.push(m[1]!);
  }
  return out;
}

/** The argument tables in a section, before its first subsection. */
function sectionArguments(section: Section | undefined): PageArgument[] {
  return section ? tables(section.lines).flatMap(argumentRows) : [];
}

interface BlockRow {
  readonly path: string[];
  readonly anchor: string;
  readonly required: boolean;
}

function blockRows(table: Table, links: ReadonlyMap<string, string>): BlockRow[] {
  // Block tables head their first column `Block`, or `Name` when the table has no `Type` column.
  const block = table.header.includes('block') ? table.header.indexOf('block') : table.header.includes('type') ? -1 : table.header.indexOf('name');
  const required = table.header.indexOf('required');
  if (block < 0 || required < 0) return [];
  return table.rows.map((row) => {
    const cell = row[block] ?? '';
    const path = cell.split('>').map(code);
    const ref = /\]\[([^\]]+)\]\s*$/.exec(cell.trim());
    const leaf = path[path.length - 1] ?? '';
    const anchor = ref ? (links.get(ref[1]!) ?? headingSlug(leaf)) : headingSlug(leaf);
    return { path, anchor, required: /^yes\b/i.test(row[required] ?? '') };
  });
}

/** Reads a component reference page. */
export function readReferencePage(markdown: string): ReferencePage {
  const all = sections(markdown);
  const bySlug = new Map<string, Section>();
  for (const s of all) if (!bySlug.has(s.slug)) bySlug.set(s.slug, s);
  const links = new Map<string, string>();
  for (const m of markdown.matchAll(/^\[([^\]]+)\]:\s*#(\S+)\s*$/gm)) links.set(m[1]!, m[2]!);

  const argumentsSection = all.find((s) => s.level === 2 && s.slug === 'arguments');
  const blocksSection = all.find((s) => s.level === 2 && s.slug === 'blocks');
  const exportsSection = all.find((s) => s.level === 2 && s.slug === 'exported-fields');

  const blocks: PageBlock[] = [];
  const seen = new Set<string>();
  const visit = (rows: readonly BlockRow[], prefix: readonly string[]): void => {
    for (const row of rows) {
      const path = [...prefix, ...row.path];
      const key = path.join(' > ');
      if (seen.has(key)) continue;
      seen.add(key);
      const section = bySlug.get(row.anchor);
      blocks.push({ path, required: row.required, arguments: sectionArguments(section), sharedIncludes: section ? sharedLookups(section.lines) : [] });
      // A block section may list blocks nested in it (`stage.metrics` lists `metric.*`).
      const nested = section ? tables(section.lines).flatMap((t) => blockRows(t, links)) : [];
      if (nested.length > 0) visit(nested, path);
    }
  };
  const top = blocksSection ? tables(blocksSection.lines).flatMap((t) => blockRows(t, links)) : [];
  visit(top, []);

  const exportTable = exportsSection ? tables(exportsSection.lines)[0] : undefined;
  const exports = exportTable ? exportTable.rows.map((row) => ({ name: code(row[0] ?? ''), type: code(row[1] ?? '') })) : [];
  const stage = /^---\n[\s\S]*?^\s+stage:\s*([a-z-]+)\s*$[\s\S]*?^---$/m.exec(markdown)?.[1];
  const stability = stage === 'general-availability' || stage === 'public-preview' || stage === 'experimental' ? stage : undefined;
  return { stability, arguments: sectionArguments(argumentsSection), blocks, exports };
}
