import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goalMet, ratioOf, shortfall } from './evaluate.js';
import { formatMarkdown } from './report.js';

test('a ratio goal compares value / baseline', () => {
  const m = { name: 'q', unit: 'ms', value: 30, baseline: { label: 'prometheus', value: 10 }, goal: { op: '<=', value: 2, subject: 'ratio' } } as const;
  assert.equal(ratioOf(m), 3);
  assert.equal(goalMet(m), false);
  assert.equal(shortfall(m), 'missed by 50 %');
});

test('a value goal without a baseline', () => {
  const m = { name: 'ingest', unit: 'samples/s', value: 250_000, goal: { op: '>=', value: 200_000, subject: 'value' } } as const;
  assert.equal(goalMet(m), true);
  assert.equal(shortfall(m), undefined);
});

test('a ratio goal without a baseline is undecided, not met', () => {
  assert.equal(goalMet({ name: 'q', unit: 'ms', value: 1, goal: { op: '<=', value: 2, subject: 'ratio' } }), undefined);
});

test('the summary names the machine, the command and each missed goal', () => {
  const md = formatMarkdown(
    [{ benchmark: 'promql', measurements: [{ name: 'rate', unit: 'ms', value: 30, baseline: { label: 'prometheus 2.42', value: 10 }, goal: { op: '<=', value: 2, subject: 'ratio' } }] }],
    { host: 'h', cpu: 'cpu', cores: 2, memoryGiB: 24, os: 'linux', node: 'v20' },
    '2026-11-25',
    'npm run bench',
  );
  assert.match(md, /2 cores/);
  assert.match(md, /`npm run bench`/);
  assert.match(md, /3\.00×/);
  assert.match(md, /\*\*missed by 50 %\*\*/);
});

test('missed goals come first, each with by how much and the note on why', () => {
  const md = formatMarkdown(
    [
      {
        benchmark: 'memory',
        durationSeconds: 95,
        measurements: [
          { name: 'idle', unit: 'MB', value: 180, goal: { op: '<=', value: 150, subject: 'value' }, note: 'SQLite page cache of 64 MB' },
          { name: 'under load', unit: 'MB', value: 300 },
        ],
      },
      { benchmark: 'startup', durationSeconds: 20, measurements: [{ name: 'ready', unit: 'ms', value: 900, goal: { op: '<=', value: 2000, subject: 'value' } }] },
      { benchmark: 'promql', measurements: [], notes: ['prometheus not installed'] },
    ],
    { host: 'h', cpu: 'cpu', cores: 2, memoryGiB: 24, os: 'linux', node: 'v20' },
    '2026-11-25',
    'npm run bench',
  );
  const missed = md.slice(md.indexOf('## Goals missed'), md.indexOf('## memory'));
  assert.match(missed, /\*\*memory\*\*, idle: 180\.0 MB, goal <= 150\.0, missed by 20 %\. Why: SQLite page cache of 64 MB/);
  assert.doesNotMatch(missed, /startup/, 'a met goal is not listed');
  assert.match(missed, /\*\*promql\*\* measured nothing: prometheus not installed/);
  assert.match(md, /## memory \(1\.6 min\)/);
  assert.match(md, /`npm run bench` \(1\.9 min\)/);
});
