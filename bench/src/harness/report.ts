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

function duration(seconds: number): string {
  return seconds < 90 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} min`;
}

/** One line per missed goal, first in the summary: where, by how much, and the module's note on why. */
function missedGoals(results: readonly BenchResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    for (const m of r.measurements) {
      if (goalMet(m) !== false) continue;
      const subject = m.goal!.subject === 'ratio' ? `${ratioOf(m)!.toFixed(2)}× ${m.baseline!.label}` : `${num(m.value)} ${m.unit}`;
      lines.push(`- **${r.benchmark}**, ${m.name}: ${subject}, goal ${m.goal!.subject === 'ratio' ? 'ratio ' : ''}${m.goal!.op} ${num(m.goal!.value)}, ${shortfall(m)}. Why: ${m.note ?? 'the module gives no reason'}`);
    }
  }
  return lines;
}

/** The Markdown summary of a run: the missed goals, then one table per benchmark, the machine and the command. */
export function formatMarkdown(results: readonly BenchResult[], machine: MachineInfo, date: string, command: string): string {
  const took = results.reduce((s, r) => s + (r.durationSeconds ?? 0), 0);
  const lines = [
    `# srcobs benchmarks, ${date}`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node} (host ${machine.host}).`,
    `Command: \`${command}\`${took > 0 ? ` (${duration(took)})` : ''}`,
    '',
  ];
  const missed = missedGoals(results);
  const failed = results.filter((r) => r.measurements.length === 0).map((r) => `- **${r.benchmark}** measured nothing: ${(r.notes ?? []).join('; ') || 'no reason given'}`);
  if (missed.length || failed.length) lines.push('## Goals missed', '', ...missed, ...failed, '');
  for (const r of results) {
    lines.push(`## ${r.benchmark}${r.durationSeconds !== undefined ? ` (${duration(r.durationSeconds)})` : ''}`, '', '| measurement | value | baseline (same run) | ratio | goal |', '| --- | --- | --- | --- | --- |');
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
