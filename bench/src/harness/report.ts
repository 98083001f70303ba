import { goalMet, ratioOf, shortfall } from './evaluate.js';
import type { MachineInfo } from './machine.js';
import type { BenchResult, Measurement } from './types.js';

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString('en-US');
  if (abs >= 10) return v.toFixed(1);
  return v.toPrecision(3);
}

function goalText(m: Measurement): string {
  if (!m.goal) return '';
  const met = goalMet(m);
  const mark = met === undefined ? '?' : met ? 'met' : `**${shortfall(m)}**`;
  const subject = m.goal.subject === 'ratio' ? 'ratio ' : '';
  return `${subject}${m.goal.op} ${num(m.goal.value)} (${mark})`;
}

/** The Markdown summary of a run: one table per benchmark, the machine and the command. */
export function formatMarkdown(results: readonly BenchResult[], machine: MachineInfo, date: string, command: string): string {
  const lines = [
    `# srcobs benchmarks, ${date}`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node} (host ${machine.host}).`,
    `Command: \`${command}\``,
    '',
  ];
  for (const r of results) {
    lines.push(`## ${r.benchmark}`, '', '| measurement | value | baseline (same run) | ratio | goal |', '| --- | --- | --- | --- | --- |');
    for (const m of r.measurements) {
      const ratio = ratioOf(m);
      lines.push(
        `| ${m.name} | ${num(m.value)} ${m.unit} | ${m.baseline ? `${num(m.baseline.value)} ${m.unit} (${m.baseline.label})` : ''} | ${ratio === undefined ? '' : `${ratio.toFixed(2)}×`} | ${goalText(m)} |`,
      );
    }
    const notes = [...(r.notes ?? []), ...r.measurements.filter((m) => m.note).map((m) => `${m.name}: ${m.note}`)];
    if (notes.length) lines.push('', ...notes.map((n) => `- ${n}`));
    lines.push('');
  }
  return lines.join('\n');
}
