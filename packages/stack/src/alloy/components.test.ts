import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SHARED_DIR } from '@srcobs/testkit';
import { COMPONENTS, parseArgumentRow, RAW_COMPONENTS } from './components.js';
import type { RawBlock, RawComponent } from './components/types.js';
import { readReferencePage, type PageArgument, type ReferencePage } from './reference-page.js';

const PAGES = join(SHARED_DIR, 'reference', 'alloy', 'components');

function page(name: string): ReferencePage {
  return readReferencePage(readFileSync(join(PAGES, `${name}.md`), 'utf8'));
}

function rows(args: readonly PageArgument[]): string[] {
  return args.map((a) => `${a.name}: ${a.type}${a.required ? '!' : ''}`).sort();
}

function flatten(blocks: readonly RawBlock[] | undefined, prefix: readonly string[] = []): Array<{ path: string; block: RawBlock }> {
  return (blocks ?? []).flatMap((block) => {
    const path = [...prefix, block.name];
    return [{ path: path.join(' > '), block }, ...flatten(block.blocks, path)];
  });
}

/** Every difference between a table entry and its reference page, as readable lines. */
function differences(raw: RawComponent, reference: ReferencePage): string[] {
  const out: string[] = [];
  const stability = raw.stability ?? 'general-availability';
  if (stability !== reference.stability) out.push(`${raw.name} stability: the table says ${stability}, the page ${reference.stability ?? 'nothing'}`);
  const compare = (where: string, table: readonly string[], onPage: readonly string[]): void => {
    for (const row of table) if (!onPage.includes(row)) out.push(`${where}: the table has \`${row}\`, the page does not`);
    for (const row of onPage) if (!table.includes(row)) out.push(`${where}: the page has \`${row}\`, the table does not`);
  };
  compare(`${raw.name} arguments`, rows((raw.args ?? []).map(parseArgumentRow)), rows(reference.arguments));
  compare(`${raw.name} exports`, [...raw.exports].sort(), reference.exports.map((e) => `${e.name}: ${e.type}`).sort());
  const table = flatten(raw.blocks);
  compare(
    `${raw.name} blocks`,
    table.map((b) => `${b.path}${b.block.required ? ' (required)' : ''}`).sort(),
    reference.blocks.map((b) => `${b.path.join(' > ')}${b.required ? ' (required)' : ''}`).sort(),
  );
  for (const { path, block } of table) {
    const onPage = reference.blocks.find((b) => b.path.join(' > ') === path);
    if (!onPage) continue;
    if (onPage.arguments.length > 0 || onPage.sharedIncludes.length === 0) {
      compare(`${raw.name} block ${path}`, rows((block.args ?? []).map(parseArgumentRow)), rows(onPage.arguments));
      if (block.shared !== undefined) out.push(`${raw.name} block ${path}: the page has an arguments table, the table says shared ${block.shared}`);
    } else if (block.shared !== onPage.sharedIncludes[0]) {
      out.push(`${raw.name} block ${path}: the page includes ${onPage.sharedIncludes[0]}, the table says ${block.shared ?? 'nothing'}`);
    }
  }
  return out;
}

for (const raw of RAW_COMPONENTS) {
  test(`component table matches the reference page: ${raw.name}`, () => {
    assert.deepEqual(differences(raw, page(raw.name)), []);
  });
}

test('a transcription typo in the table is reported (a type, a required flag, a block)', () => {
  const relabel = RAW_COMPONENTS.find((c) => c.name === 'discovery.relabel')!;
  const typo: RawComponent = { ...relabel, args: ['targets: list(map(strings))!'] };
  assert.deepEqual(differences(typo, page('discovery.relabel')), [
    'discovery.relabel arguments: the table has `targets: list(map(strings))!`, the page does not',
    'discovery.relabel arguments: the page has `targets: list(map(string))!`, the table does not',
  ]);
  const optional: RawComponent = { ...relabel, args: ['targets: list(map(string))'] };
  assert.equal(differences(optional, page('discovery.relabel')).length, 2);
  const write = RAW_COMPONENTS.find((c) => c.name === 'loki.write')!;
  const renamed: RawComponent = { ...write, blocks: write.blocks!.map((b) => (b.name === 'endpoint' ? { ...b, name: 'endpoints' } : b)) };
  assert.ok(differences(renamed, page('loki.write')).some((d) => d.includes('the page has `endpoint')));
  const filter = RAW_COMPONENTS.find((c) => c.name === 'loki.secretfilter')!;
  assert.deepEqual(differences({ ...filter, stability: undefined }, page('loki.secretfilter')), ['loki.secretfilter stability: the table says general-availability, the page public-preview']);
});

test('every component the table holds resolves, with shared-page arguments where srcobs transcribed them', () => {
  assert.equal(COMPONENTS.size, RAW_COMPONENTS.length);
  const relabel = COMPONENTS.get('discovery.relabel')!;
  assert.deepEqual(
    relabel.blocks[0]?.arguments.map((a) => a.name),
    ['action', 'modulus', 'regex', 'replacement', 'separator', 'source_labels', 'target_label'],
  );
  assert.equal(relabel.blocks[0]?.repeatable, true);
  const receiver = COMPONENTS.get('otelcol.receiver.otlp')!;
  const output = receiver.blocks.find((b) => b.name === 'output')!;
  assert.deepEqual(output.arguments.map((a) => a.name), ['logs', 'metrics', 'traces']);
  const grpcTls = receiver.blocks.find((b) => b.name === 'grpc')!.blocks.find((b) => b.name === 'tls')!;
  assert.equal(grpcTls.argumentsKnown, false, 'otelcol-tls-server-block.md is not transcribed: its arguments stay unchecked');
  assert.equal(COMPONENTS.get('loki.process')!.blocks.find((b) => b.name === 'stage.match')!.nestsComponentBlocks, true);
});
