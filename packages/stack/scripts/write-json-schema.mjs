// Regenerates packages/stack/srcobs.schema.json from the zod schema (run after `npx tsc -b packages/stack`).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigJsonSchema, JSON_SCHEMA_FILE } from '../dist/config/json-schema.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', JSON_SCHEMA_FILE);
writeFileSync(out, renderConfigJsonSchema());
console.log(`wrote ${out}`);
