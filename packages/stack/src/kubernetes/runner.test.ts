import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { tempDir } from '@srcobs/testkit';
import { parseConfig } from '../config/parse.js';
import { CommandFailedError, MissingToolError } from '../errors.js';
import { renderStack } from '../render/render-stack.js';
import { planUp } from './plan.js';
import { runPlan } from './runner.js';

/**
 * A fake helm/kubectl: records its argv as one JSON line, answers `kubectl config current-context`,
 * and fails when its command line starts with FAKE_FAIL.
 */
const FAKE = (tool: string) => `#!${process.execPath}
const { appendFileSync } = require('node:fs');
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_LOG, JSON.stringify(['${tool}', ...args]) + '\\n');
if ('${tool}' === 'kubectl' && args[0] === 'config' && args[1] === 'current-context') { console.log('fake-context'); process.exit(0); }
if (process.env.FAKE_FAIL && ['${tool}', ...args].join(' ').startsWith(process.env.FAKE_FAIL)) { console.error('Error: boom from ${tool}'); process.exit(3); }
const wait = Number(process.env.FAKE_SLEEP_MS || 0);
setTimeout(() => process.exit(0), wait);
`;

async function fakeTools(t: TestContext, tools: readonly string[] = ['helm', 'kubectl']): Promise<{ bin: string; logFile: string; env: NodeJS.ProcessEnv }> {
  const dir = await tempDir(t);
  const bin = join(dir, 'bin');
  await mkdir(bin);
  for (const tool of tools) {
    await writeFile(join(bin, tool), FAKE(tool));
    await chmod(join(bin, tool), 0o755);
  }
  const logFile = join(dir, 'calls.log');
  return { bin, logFile, env: { PATH: bin, FAKE_LOG: logFile } };
}

async function calls(logFile: string): Promise<string[][]> {
  if (!existsSync(logFile)) return [];
  return (await readFile(logFile, 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]);
}

function defaultPlan() {
  const config = parseConfig({});
  return planUp(config, renderStack(config), { dir: '/out' });
}

test('up runs exactly the plan, in order, after naming the kube context', async (t) => {
  const { env, logFile } = await fakeTools(t);
  const plan = defaultPlan();
  const out: string[] = [];
  const result = await runPlan(plan, { env, log: (l) => out.push(l) });
  assert.equal(result.context, 'fake-context');
  assert.deepEqual(await calls(logFile), [['kubectl', 'config', 'current-context'], ...plan.steps.map((s) => [s.tool, ...s.args])]);
  assert.match(out[0] ?? '', /Using kube context "fake-context"/);
  assert.ok(out.includes(`[1/${plan.steps.length}] create the namespaces`));
  assert.equal(result.completed.length, plan.steps.length);
});

test('--dry-run prints every command and file and runs nothing', async (t) => {
  const { env, logFile } = await fakeTools(t);
  const plan = defaultPlan();
  const out: string[] = [];
  await runPlan(plan, { env, log: (l) => out.push(l), dryRun: true });
  assert.deepEqual(await calls(logFile), [], 'not even kubectl config: no tool runs on a dry run');
  const text = out.join('\n');
  for (const s of plan.steps) for (const f of s.files) assert.ok(text.includes(`reads ${f}`), `lists ${f}`);
  assert.ok(text.includes('$ helm upgrade --install loki loki --repo https://grafana-community.github.io/helm-charts --version 18.11.0'));
});

test('missing helm and kubectl: one clear error naming what to install', async (t) => {
  const { env } = await fakeTools(t, []);
  await assert.rejects(runPlan(defaultPlan(), { env, log: () => {} }), (e: unknown) => {
    assert.ok(e instanceof MissingToolError);
    assert.deepEqual([...e.tools].sort(), ['helm', 'kubectl']);
    assert.match(e.message, /helm is not on PATH: install Helm 3\.13 or newer: https:\/\/helm\.sh/);
    assert.match(e.message, /kubectl is not on PATH: install kubectl: https:\/\/kubernetes\.io/);
    return true;
  });
  // A dry run still prints the plan, and says what a real run needs.
  const out: string[] = [];
  await runPlan(defaultPlan(), { env, log: (l) => out.push(l), dryRun: true });
  assert.match(out.join('\n'), /Note: to run it you need kubectl: .* and Helm 3\.13 or newer/);
});

test('a failing step stops the run with the command, its exit code and its error', async (t) => {
  const { env, logFile } = await fakeTools(t);
  await assert.rejects(runPlan(defaultPlan(), { env: { ...env, FAKE_FAIL: 'helm upgrade --install loki' }, log: () => {} }), (e: unknown) => {
    assert.ok(e instanceof CommandFailedError);
    assert.equal(e.exitCode, 3);
    assert.deepEqual(e.command.slice(0, 4), ['helm', 'upgrade', '--install', 'loki']);
    assert.match(e.message, /step 5\/\d+ failed/);
    assert.match(e.message, /Error: boom from helm/);
    return true;
  });
  const made = (await calls(logFile)).map((c) => c.slice(0, 4).join(' '));
  assert.ok(!made.some((c) => c.startsWith('helm upgrade --install tempo')), 'nothing after the failure runs');
});

test('a long step reports that it is still running', async (t) => {
  const { env } = await fakeTools(t);
  const out: string[] = [];
  const plan = { ...defaultPlan(), steps: defaultPlan().steps.slice(0, 1) };
  await runPlan(plan, { env: { ...env, FAKE_SLEEP_MS: '300' }, log: (l) => out.push(l), heartbeatMs: 20 });
  assert.ok(out.some((l) => l.includes('still running')), out.join('\n'));
});

test('a missing Secret fails early, with the command that creates it', async (t) => {
  const { env } = await fakeTools(t);
  await assert.rejects(runPlan(defaultPlan(), { env: { ...env, FAKE_FAIL: 'kubectl get secret grafana-admin' }, log: () => {} }), (e: unknown) => {
    assert.ok(e instanceof CommandFailedError);
    assert.match(e.message, /kubectl create secret generic grafana-admin --namespace monitoring --from-literal=admin-user=<admin-user> --from-literal=admin-password=<admin-password>/);
    return true;
  });
});
