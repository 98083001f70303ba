/*
 * The little Markdown the dashboards' text panels use: paragraphs, pipe tables and **bold**.
 * Parsed to blocks and rendered as elements, never as HTML strings.
 */

/** One block of a text panel. */
export type MarkdownBlock = { readonly kind: 'paragraph'; readonly text: string } | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: ReadonlyArray<readonly string[]> };

/** A piece of inline text, bold or not. */
export interface InlineRun {
  readonly text: string;
  readonly bold: boolean;
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/** Splits Markdown into paragraphs and tables. */
export function parseMarkdown(text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  const lines = text.split('\n');
  let para: string[] = [];
  const flush = (): void => {
    if (para.length) blocks.push({ kind: 'paragraph', text: para.join(' ') });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (line.trim().startsWith('|') && next !== undefined && /^\s*\|?\s*:?-{3,}/.test(next)) {
      flush();
      const header = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i]!.trim().startsWith('|')) rows.push(cells(lines[i++]!));
      i--;
      blocks.push({ kind: 'table', header, rows });
    } else if (line.trim() === '') flush();
    else para.push(line.trim());
  }
  flush();
  return blocks;
}

/** Splits `a **b** c` into runs. */
export function inlineRuns(text: string): InlineRun[] {
  return text
    .split(/(\*\*[^*]+\*\*)/)
    .filter((p) => p !== '')
    .map((p) => (p.startsWith('**') && p.endsWith('**') && p.length > 4 ? { text: p.slice(2, -2), bold: true } : { text: p, bold: false }));
}
