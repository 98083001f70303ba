import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { RenderedFile } from '../render/types.js';
import { interpolate } from './expressions/interpolate.js';
import { querySources } from './expressions/sources.js';
import { dig, manifestObjects, objectRef } from './objects.js';
import type { Finding, ValidationContext } from './types.js';

const CHECK = 'promtool';
/** promtool evaluates the unit tests in-process; a minute is far beyond what they need. */
const TIMEOUT_MS = 60_000;

interface RunResult {
  readonly code: number;
  readonly output: string;
}

function run(binary: string, args: readonly string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(binary, args, { cwd, timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** promtool's report without the `Checking <tmp path>` banner, which names our temporary copy. */
function report(output: string, tmp: string): string {
  return output
    .split('\n')
    .filter((line) => !/^Checking |^Unit Testing: /.test(line) && !/^\s*(SUCCESS|FAILED:)\s*$/.test(line))
    .join('\n')
    .replaceAll(`${tmp}/`, '')
    .trim();
}

async function writeTemp(tmp: string, relative: string, content: string): Promise<string> {
  const path = join(tmp, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return path;
}

/**
 * Dashboard and data-source PromQL as recording rules in one synthetic file, so Prometheus' own
 * parser and type checker (what Grafana's queries will meet) read them too: an instant vector
 * given to `rate()` parses in an editor grammar but not here.
 */
function dashboardRuleFile(files: readonly RenderedFile[]): { content: string; groups: Map<string, { file: string; location: string }> } {
  const groups = new Map<string, { file: string; location: string }>();
  const body: { name: string; rules: { record: string; expr: string }[] }[] = [];
  querySources(files)
    .filter((s) => s.language === 'promql' && s.kind !== 'rule')
    .forEach((source, i) => {
      const name = `q${i}`;
      groups.set(name, { file: source.file, location: source.location });
      body.push({ name, rules: [{ record: `srcobs:query_check_${i}`, expr: interpolate(source.expr, source.provisioning ? { provisioning: true } : {}).text }] });
    });
  return { content: stringify({ groups: body }, { lineWidth: 0 }), groups };
}

/**
 * The real `promtool`: `check rules` on every Prometheus rule file and on the rules inside every
 * PrometheusRule object (what the operator will load), `test rules` on every unit-test file, and
 * `check rules` on the PromQL of the dashboards and data-source links. Without promtool the check
 * says so instead of passing silently.
 */
export async function validatePromtool(files: readonly RenderedFile[], context: ValidationContext): Promise<Finding[]> {
  const promtool = context.promtool;
  const ruleFiles = files.filter((f) => f.kind === 'prometheus-rules');
  const testFiles = files.filter((f) => f.kind === 'prometheus-rules-test');
  const ruleObjects = manifestObjects(files).objects.filter((o) => o.kind === 'PrometheusRule');
  if (!promtool) {
    if (ruleFiles.length + testFiles.length + ruleObjects.length === 0) return [];
    return [{ severity: 'warning', check: CHECK, file: '', message: 'promtool is not installed: the Prometheus rules were not checked or unit-tested', fix: 'install it (Debian/Ubuntu: apt-get install prometheus) and run srcobs validate again' }];
  }
  const tmp = await mkdtemp(join(tmpdir(), 'srcobs-promtool-'));
  const findings: Finding[] = [];
  try {
    for (const file of [...ruleFiles, ...testFiles]) await writeTemp(tmp, file.path, file.content);
    for (const file of ruleFiles) {
      const result = await run(promtool, ['check', 'rules', '--lint=all', '--lint-fatal', file.path], tmp);
      if (result.code !== 0) findings.push({ severity: 'error', check: CHECK, file: file.path, message: `promtool check rules failed:\n${report(result.output, tmp)}` });
    }
    for (const [i, object] of ruleObjects.entries()) {
      const path = await writeTemp(tmp, `prometheusrule-${i}.yaml`, stringify({ groups: dig(object.body, 'spec', 'groups') ?? [] }, { lineWidth: 0 }));
      const result = await run(promtool, ['check', 'rules', '--lint=all', '--lint-fatal', path], tmp);
      if (result.code !== 0) findings.push({ severity: 'error', check: CHECK, file: object.file, path: objectRef(object), message: `promtool check rules failed on ${objectRef(object)} spec.groups:\n${report(result.output, tmp)}` });
    }
    for (const file of testFiles) {
      const result = await run(promtool, ['test', 'rules', file.path], tmp);
      if (result.code !== 0) findings.push({ severity: 'error', check: CHECK, file: file.path, message: `promtool test rules failed:\n${report(result.output, tmp)}` });
    }
    const queries = dashboardRuleFile(files);
    if (queries.groups.size > 0) {
      const path = await writeTemp(tmp, 'dashboard-queries.yaml', queries.content);
      const result = await run(promtool, ['check', 'rules', '--lint=none', path], tmp);
      if (result.code !== 0) {
        const lines = report(result.output, tmp).split('\n');
        for (const line of lines) {
          const group = /group "(q\d+)"/.exec(line)?.[1];
          const source = group ? queries.groups.get(group) : undefined;
          const detail = line.replace(/^.*?could not parse expression: /, '').trim();
          if (source) findings.push({ severity: 'error', check: CHECK, file: source.file, path: source.location, message: `Prometheus rejects the query: ${detail}` });
        }
        if (!findings.some((f) => f.message.startsWith('Prometheus rejects'))) findings.push({ severity: 'error', check: CHECK, file: '', message: `promtool check rules failed on the dashboard queries:\n${lines.join('\n')}` });
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return findings;
}
