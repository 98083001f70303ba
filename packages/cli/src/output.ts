/** Where a command writes, and whether it may use colour (only on a TTY, never with NO_COLOR). */
export interface Output {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly color: boolean;
  /** Progress lines go to stderr, and only on a TTY, so `--json` output stays clean. */
  readonly interactive: boolean;
}

/** The process's own streams. */
export function processOutput(): Output {
  const tty = Boolean(process.stdout.isTTY);
  return {
    out: process.stdout,
    err: process.stderr,
    color: tty && !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb',
    interactive: Boolean(process.stderr.isTTY),
  };
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;

/** Wraps text in an ANSI colour when the output allows it. */
export function paint(output: Output, color: keyof typeof CODES, text: string): string {
  return output.color ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text;
}

/** Prints rows as an aligned table with a header. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const strip = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');
  const widths = header.map((h, i) => Math.max(strip(h).length, ...rows.map((r) => strip(r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - strip(c).length)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
