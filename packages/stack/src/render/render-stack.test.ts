import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { tempDir } from '@srcobs/testkit';
import { parseConfig } from '../config/parse.js';
import { NotRenderedError, RENDERED_INDEX, readRendered, renderStack, UnsafeRenderPathError, writeRendered } from './render-stack.js';

test('the default config renders the whole stack, one file per path', () => {
  const files = renderStack(parseConfig({}));
  const paths = files.map((f) => f.path);
  assert.deepEqual(paths, [...new Set(paths)].sort((a, b) => a.localeCompare(b)));
  for (const expected of ['helmfile.yaml', 'helm/kube-prometheus-stack.values.yaml', 'helm/loki.values.yaml', 'helm/tempo.values.yaml', 'helm/alloy.values.yaml', 'alloy/config.alloy', 'manifests/namespaces.yaml']) {
    assert.ok(paths.includes(expected), `${expected} is rendered`);
  }
  assert.ok(!paths.includes('helm/otel-collector.values.yaml'), 'no Collector on the alloy path (E11)');
  assert.ok(files.some((f) => f.kind === 'dashboard') && files.some((f) => f.kind === 'prometheus-rules') && files.some((f) => f.kind === 'loki-rules'));
});

test('helmfile.yaml lists exactly the rendered values files', () => {
  for (const input of [{}, { tracesPath: 'collector' }]) {
    const files = renderStack(parseConfig(input));
    const helmfile = parse(files.find((f) => f.path === 'helmfile.yaml')?.content ?? '') as { releases: { name: string; values: string[] }[] };
    const valuesFiles = files.filter((f) => f.kind === 'helm-values');
    assert.deepEqual(helmfile.releases.map((r) => r.values[0]).sort(), valuesFiles.map((f) => f.path).sort());
    assert.deepEqual(helmfile.releases.map((r) => r.name).sort(), valuesFiles.map((f) => f.chart?.release).sort());
  }
});

test('the alloy chart carries the same Alloy text as alloy/config.alloy', () => {
  const files = renderStack(parseConfig({}));
  const alloyText = files.find((f) => f.path === 'alloy/config.alloy')?.content;
  const values = parse(files.find((f) => f.path === 'helm/alloy.values.yaml')?.content ?? '') as { alloy: { configMap: { content: string } } };
  assert.equal(values.alloy.configMap.content, alloyText);
});

test('writeRendered writes the files and removes what the previous render wrote but this one does not', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'my-notes.txt'), 'mine');
  const first = await writeRendered(dir, renderStack(parseConfig({ tracesPath: 'collector' })));
  assert.ok(first.written.includes('helm/otel-collector.values.yaml'));
  assert.ok(existsSync(join(dir, 'helm', 'otel-collector.values.yaml')));
  const second = await writeRendered(dir, renderStack(parseConfig({})));
  assert.deepEqual([...second.removed].sort(), ['collector/config.yaml', 'helm/otel-collector.values.yaml']);
  assert.ok(!existsSync(join(dir, 'helm', 'otel-collector.values.yaml')));
  assert.equal(await readFile(join(dir, 'my-notes.txt'), 'utf8'), 'mine', "the user's own files are never touched");
  const index = JSON.parse(await readFile(join(dir, RENDERED_INDEX), 'utf8')) as { files: Array<{ path: string }> };
  assert.ok(index.files.some((f) => f.path === 'helm/alloy.values.yaml'));
});

test('readRendered gives back the files as they are on disk, with their kinds and charts, hand edits included', async (t) => {
  const dir = await tempDir(t);
  const files = renderStack(parseConfig({}));
  await writeRendered(dir, files);
  await writeFile(join(dir, 'helm', 'loki.values.yaml'), 'edited: true\n');
  const back = await readRendered(dir);
  assert.equal(back.length, files.length);
  const loki = back.find((f) => f.path === 'helm/loki.values.yaml');
  assert.equal(loki?.kind, 'helm-values');
  assert.equal(loki?.chart?.name, 'loki');
  assert.equal(loki?.content, 'edited: true\n');
});

test('readRendered on a folder srcobs did not write says how to render it', async (t) => {
  const dir = await tempDir(t);
  await assert.rejects(readRendered(dir), (e: Error) => e instanceof NotRenderedError && /srcobs render --out/.test(e.message));
});

test('writeRendered refuses paths that leave the output folder', async (t) => {
  const dir = await tempDir(t);
  await assert.rejects(writeRendered(dir, [{ path: '../escape.yaml', kind: 'manifest', content: 'x' }]), UnsafeRenderPathError);
  await assert.rejects(writeRendered(dir, [{ path: '/etc/passwd', kind: 'manifest', content: 'x' }]), UnsafeRenderPathError);
});

test("the folder's README gives the Secrets to create, the exact install commands and every file", () => {
  const config = parseConfig({ tracesPath: 'collector' });
  const files = renderStack(config);
  const readme = files.find((f) => f.path === 'README.md');
  assert.equal(readme?.kind, 'readme');
  const text = readme?.content ?? '';
  assert.match(text, /kubectl create secret generic grafana-admin --namespace monitoring/);
  assert.match(text, /helm upgrade --install otel-collector opentelemetry-collector --repo https:\/\/open-telemetry\.github\.io\/opentelemetry-helm-charts --version 0\.170\.0 --namespace monitoring --values helm\/otel-collector\.values\.yaml/);
  for (const f of files.filter((x) => x.path !== 'README.md')) assert.ok(text.includes(`\`${f.path}\``), `${f.path} is described`);
  assert.ok(text.indexOf('kubectl apply -f manifests/namespaces.yaml') < text.indexOf('helm upgrade --install kube-prometheus-stack'));
});
