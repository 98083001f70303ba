import * as z from 'zod';
import { stackConfigSchema } from './schema.js';

/** Where the generated schema lives in the package, for editors (`$schema` in srcobs.yaml). */
export const JSON_SCHEMA_FILE = 'srcobs.schema.json';

/**
 * The config's JSON Schema (draft 2020-12), for editor completion and validation. It describes
 * what a user WRITES (every field optional, with its default), not the resolved config.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(stackConfigSchema, { io: 'input', target: 'draft-2020-12' });
  return { ...schema, $id: 'https://srcobs.dev/srcobs.schema.json', title: 'srcobs stack config', description: 'srcobs.config.ts / srcobs.yaml: one config renders the whole Kubernetes stack. {} is the seed\'s stack, corrected.' };
}

/** The text of `srcobs.schema.json`, byte for byte (the up-to-date test compares it). */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
