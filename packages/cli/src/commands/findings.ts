import type { Finding } from '@srcobs/stack';
import { paint, type Output } from '../output.js';

/** Prints validation findings grouped by file: what is wrong, where, and what to write instead. */
export function formatFindings(findings: readonly Finding[], output: Output): string {
  const lines: string[] = [];
  let file: string | undefined;
  for (const f of findings) {
    if (f.file !== file) {
      file = f.file;
      lines.push(paint(output, 'bold', file || '(the rendered stack)'));
    }
    const mark = f.severity === 'error' ? paint(output, 'red', '✖ error') : paint(output, 'yellow', '! warning');
    const where = f.path ? `${f.path}: ` : '';
    const [first, ...rest] = f.message.split('\n');
    lines.push(`  ${mark} [${f.check}] ${where}${first ?? ''}`);
    for (const more of rest) lines.push(`      ${more}`);
    if (f.fix) lines.push(`      ${paint(output, 'green', 'fix:')} ${f.fix}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** "3 errors, 1 warning" */
export function countFindings(findings: readonly Finding[]): { errors: number; warnings: number; text: string } {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return { errors, warnings, text: `${plural(errors, 'error')}, ${plural(warnings, 'warning')}` };
}
