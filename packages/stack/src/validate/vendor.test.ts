import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { SHARED_DIR } from '@srcobs/testkit';
import { DEFAULT_VENDOR_DIR } from './vendor.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

for (const folder of ['charts', 'crds']) {
  test(`vendor/${folder} equals ../shared/${folder}, file for file`, (t) => {
    const shared = join(SHARED_DIR, folder);
    if (!existsSync(shared)) {
      t.skip(`${shared} does not exist here: nothing to compare with`);
      return;
    }
    const vendored = join(DEFAULT_VENDOR_DIR, folder);
    const want = files(shared).map((f) => relative(shared, f)).sort();
    const have = files(vendored).map((f) => relative(vendored, f)).sort();
    assert.deepEqual(have, want, `vendor/${folder} and ../shared/${folder} list different files: copy ../shared/${folder} again`);
    for (const f of want) {
      assert.ok(readFileSync(join(vendored, f)).equals(readFileSync(join(shared, f))), `vendor/${folder}/${f} differs from ../shared/${folder}/${f}: copy it again`);
    }
  });
}

test('vendor/README.md carries the provenance of every chart and of the CRDs', () => {
  const readme = readFileSync(join(DEFAULT_VENDOR_DIR, 'README.md'), 'utf8');
  for (const chart of readdirSync(join(DEFAULT_VENDOR_DIR, 'charts'))) {
    for (const version of readdirSync(join(DEFAULT_VENDOR_DIR, 'charts', chart))) {
      assert.match(readme, new RegExp(`\\| ${chart} \\| ${version.replace(/\./g, '\\.')} \\|`), `README.md has no provenance line for ${chart} ${version}`);
    }
  }
  assert.match(readme, /prometheus-community\/helm-charts `charts\/kube-prometheus-stack\/charts\/crds\/crds\/` at cf408a29/);
});
