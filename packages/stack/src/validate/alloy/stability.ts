import { parse as parseYaml } from 'yaml';
import { COMPONENTS } from '../../alloy/components.js';
import type { RenderedFile } from '../../render/types.js';
import type { Finding } from '../types.js';
import { CHECK } from './model.js';

/** `--stability.level` values, least stable first: a level loads components at or above it. */
const LEVELS = ['experimental', 'public-preview', 'generally-available'] as const;
type Level = (typeof LEVELS)[number];

/** Components below general availability used in a file (a text scan: syntax errors are reported elsewhere). */
function unstableComponents(content: string): Array<{ name: string; level: Level }> {
  const out = new Map<string, Level>();
  for (const m of content.matchAll(/^\s*([a-z_][a-z0-9_.]*)\s+"[^"]*"\s*\{/gm)) {
    const spec = COMPONENTS.get(m[1]!);
    if (spec && spec.stability !== 'generally-available') out.set(spec.name, spec.stability);
  }
  return [...out].map(([name, level]) => ({ name, level }));
}

function chartLevel(file: RenderedFile): Level {
  try {
    const values = parseYaml(file.content) as { alloy?: { stabilityLevel?: unknown } } | null;
    const level = values?.alloy?.stabilityLevel;
    return (LEVELS as readonly unknown[]).includes(level) ? (level as Level) : 'generally-available';
  } catch {
    return 'generally-available';
  }
}

/**
 * Alloy refuses to load a component below its `--stability.level` (the alloy chart's
 * `alloy.stabilityLevel`, `generally-available` by default). `loki.secretfilter` is public preview
 * in Alloy v1.18, so the rendered chart values must lower the level, or Alloy does not start.
 */
export function checkStability(files: readonly RenderedFile[]): Finding[] {
  const out: Finding[] = [];
  const charts = files.filter((f) => f.kind === 'helm-values' && f.chart?.name === 'alloy');
  for (const file of files.filter((f) => f.kind === 'alloy')) {
    for (const { name, level } of unstableComponents(file.content)) {
      const fix = `set alloy.stabilityLevel: ${level} in the alloy chart values (Alloy's --stability.level)`;
      if (charts.length === 0) {
        out.push({ severity: 'warning', check: CHECK, file: file.path, message: `${name} is ${level}: Alloy loads it only with --stability.level=${level} or lower`, fix });
        continue;
      }
      for (const chart of charts) {
        const configured = chartLevel(chart);
        if (LEVELS.indexOf(configured) <= LEVELS.indexOf(level)) continue;
        out.push({ severity: 'error', check: CHECK, file: chart.path, path: 'alloy.stabilityLevel', message: `${file.path} uses ${name}, which is ${level}, but Alloy runs at ${configured}: it refuses to load the config`, fix });
      }
    }
  }
  return out;
}
