import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigFileError } from '../errors.js';
import { parseConfig } from './parse.js';
import type { StackConfig } from './types.js';

/** The names `loadConfig` looks for, in this order. */
export const CONFIG_FILE_NAMES = ['srcobs.config.ts', 'srcobs.config.mts', 'srcobs.config.mjs', 'srcobs.config.js', 'srcobs.yaml', 'srcobs.yml', 'srcobs.json'] as const;

/** Where to find the config. */
export interface LoadConfigOptions {
  /** A config file; when absent, `cwd` is searched for one of `CONFIG_FILE_NAMES`. */
  readonly file?: string;
  /** Folder to search. Default: `process.cwd()`. */
  readonly cwd?: string;
}

/**
 * The config file in `dir`, or undefined when there is none. Two of them is an error: the user
 * would edit one while srcobs reads the other.
 */
export function findConfigFile(dir: string): string | undefined {
  const found = CONFIG_FILE_NAMES.map((n) => join(dir, n)).filter((p) => existsSync(p));
  if (found.length > 1) {
    throw new ConfigFileError(found[0] ?? dir, `found ${found.map((f) => basename(f)).join(' and ')}: keep one of them`);
  }
  return found[0];
}

/**
 * Reads, validates and resolves the stack config. No file gives the default stack.
 * Throws `ConfigError` (every problem, each with its path and fix) or `ConfigFileError`.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ cwd: process.cwd() });
 * ```
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<StackConfig> {
  const file = options.file ? resolve(options.cwd ?? process.cwd(), options.file) : findConfigFile(options.cwd ?? process.cwd());
  if (!file) return parseConfig({});
  return parseConfig(await readConfigInput(file), file);
}

/** The raw object a config file holds, before validation. */
export async function readConfigInput(file: string): Promise<unknown> {
  if (!existsSync(file)) throw new ConfigFileError(file, 'no such file: check the path, or run without --config to use the defaults');
  const ext = extname(file);
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') return readData(file);
  if (ext === '.ts' || ext === '.mts') return importModule(file, await transpile(file));
  if (ext === '.mjs' || ext === '.js') return exportedConfig(file, await importFresh(pathToFileURL(file).href, file));
  throw new ConfigFileError(file, `cannot read ${ext || 'extension-less'} files: name it ${CONFIG_FILE_NAMES.join(', ')}`);
}

async function readData(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  // YAML is a superset of JSON, so one parser reports line and column for both.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const at = lineCounter.linePos(e.pos[0]);
      return `line ${at.line}, column ${at.col}: ${e.message.split('\n')[0]}`;
    });
    throw new ConfigFileError(file, `not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}:\n  ${lines.join('\n  ')}`);
  }
  return doc.toJS() ?? {};
}

/** TypeScript to an ES module, with the TypeScript compiler the workspace already has. */
async function transpile(file: string): Promise<string> {
  let ts: typeof import('typescript');
  try {
    ts = (await import('typescript')).default;
  } catch (cause) {
    throw new ConfigFileError(file, 'reading a .ts config needs the "typescript" package: npm install typescript, or write srcobs.config.mjs or srcobs.yaml', { cause });
  }
  const source = await readFile(file, 'utf8');
  const out = ts.transpileModule(source, { fileName: file, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new ConfigFileError(file, errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  }
  return out.outputText;
}

/**
 * Imports transpiled code from a sibling file, so its own imports (`@srcobs/stack`, a helper
 * next to it) resolve exactly as they would for the .ts file, then removes it.
 */
async function importModule(file: string, code: string): Promise<unknown> {
  const temp = join(dirname(file), `.${basename(file, extname(file))}.${process.pid}.${Date.now()}.mjs`);
  await writeFile(temp, code);
  try {
    return await exportedConfig(file, await importFresh(pathToFileURL(temp).href, file));
  } finally {
    await rm(temp, { force: true });
  }
}

async function importFresh(url: string, file: string): Promise<Record<string, unknown>> {
  try {
    // A query string defeats the module cache, so a watch loop sees edits.
    return (await import(`${url}?t=${Date.now()}`)) as Record<string, unknown>;
  } catch (cause) {
    throw new ConfigFileError(file, `failed to load: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** `export default {...}`, `export default () => ({...})`, or `export const config = ...`. */
async function exportedConfig(file: string, mod: Record<string, unknown>): Promise<unknown> {
  const value = mod['default'] ?? mod['config'];
  if (value === undefined) throw new ConfigFileError(file, 'exports no config: write `export default defineConfig({ ... })`');
  try {
    return typeof value === 'function' ? await (value as () => unknown)() : value;
  } catch (cause) {
    throw new ConfigFileError(file, `the exported config function threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
