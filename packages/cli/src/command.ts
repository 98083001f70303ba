import type { ParseArgsConfig } from 'node:util';
import type { Output } from './output.js';

/** The options a command accepts, in `node:util` parseArgs form, each with a line of help. */
export type CommandOptions = Record<string, NonNullable<ParseArgsConfig['options']>[string] & { readonly description: string; readonly valueName?: string }>;

/** One `srcobs <name>` command: a thin layer over one function of a package. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** `srcobs <name> [options] …` */
  readonly usage: string;
  /** Paragraphs for `--help`: what it does, and what a user should know before running it. */
  readonly description: string;
  readonly options: CommandOptions;
  /** Command lines a user can copy, with what each does. */
  readonly examples: ReadonlyArray<readonly [command: string, what: string]>;
  readonly allowPositionals?: boolean;
  run(args: { values: Record<string, unknown>; positionals: string[] }, output: Output): Promise<void>;
}
