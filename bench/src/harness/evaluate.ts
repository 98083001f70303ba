import type { Measurement } from './types.js';

/** The ratio of a measurement to its baseline, when it has one. */
export function ratioOf(m: Measurement): number | undefined {
  return m.baseline && m.baseline.value !== 0 ? m.value / m.baseline.value : undefined;
}

/** Whether a goal is met: true, false, or undefined when there is no goal (or no baseline for a ratio goal). */
export function goalMet(m: Measurement): boolean | undefined {
  if (!m.goal) return undefined;
  const subject = m.goal.subject === 'ratio' ? ratioOf(m) : m.value;
  if (subject === undefined || Number.isNaN(subject)) return undefined;
  return m.goal.op === '>=' ? subject >= m.goal.value : subject <= m.goal.value;
}

/** "missed by 23 %" style text: how far a measurement is from its goal. */
export function shortfall(m: Measurement): string | undefined {
  if (!m.goal || goalMet(m) !== false) return undefined;
  const subject = m.goal.subject === 'ratio' ? ratioOf(m)! : m.value;
  const pct = Math.abs(subject - m.goal.value) / Math.abs(m.goal.value) * 100;
  return `missed by ${pct.toFixed(0)} %`;
}
