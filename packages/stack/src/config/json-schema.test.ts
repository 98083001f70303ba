import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '@srcobs/testkit';
import { JSON_SCHEMA_FILE, configJsonSchema, renderConfigJsonSchema } from './json-schema.js';

test('srcobs.schema.json is up to date with the zod schema', () => {
  const file = join(REPO_ROOT, 'packages', 'stack', JSON_SCHEMA_FILE);
  assert.equal(readFileSync(file, 'utf8'), renderConfigJsonSchema(), `${file} is stale: run \`npx tsc -b packages/stack && node packages/stack/scripts/write-json-schema.mjs\``);
});

test('the JSON schema describes what users write: closed objects, optional fields, Loki modes', () => {
  const schema = configJsonSchema() as { properties: Record<string, { oneOf?: { properties: { mode: { const: string } } }[]; additionalProperties?: unknown }>; required?: string[]; additionalProperties: unknown };
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.required, undefined, 'an empty config is valid');
  const modes = schema.properties['loki']?.oneOf?.map((o) => o.properties.mode.const);
  assert.deepEqual(modes, ['Monolithic', 'SimpleScalable', 'Distributed']);
});
