import { parseArgs } from 'node:util';
import type { Command } from './command.js';
import { EXIT, ExitError, UsageError } from './errors.js';
import { formatCommandHelp, formatMainHelp } from './help.js';
import { paint, type Output } from './output.js';

/** Error codes that mean something the command needs is not there (a tool, a running stack). */
const UNAVAILABLE_CODES = new Set(['tool_missing', 'stack_not_running', 'stack_already_running', 'api_unreachable']);
/** Error codes of a value on the command line that cannot be used (a time, a duration). */
const USAGE_CODES = new Set(['bad_input']);

/**
 * Runs one command line and returns the exit code. Never calls process.exit (only main.ts does),
 * so tests can run the CLI in-process too.
 */
export async function runCli(argv: readonly string[], commands: readonly Command[], output: Output): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    output.out.write(target ? formatCommandHelp(target, output) : formatMainHelp(commands, output));
    return EXIT.OK;
  }
  if (name === '--version' || name === '-v') {
    output.out.write('srcobs 0.1.0\n');
    return EXIT.OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const near = commands.map((c) => c.name).find((c) => c.startsWith(name.slice(0, 2)));
    output.err.write(`srcobs: unknown command "${name}"${near ? `; did you mean "${near}"?` : ''}\nRun \`srcobs --help\` for the list of commands.\n`);
    return EXIT.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    output.out.write(formatCommandHelp(command, output));
    return EXIT.OK;
  }
  try {
    const parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
    await command.run({ values: parsed.values as Record<string, unknown>, positionals: parsed.positionals }, output);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof ExitError) {
      if (error.message) output.err.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof UsageError || USAGE_CODES.has(String((error as { code?: unknown }).code)) || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      output.err.write(`srcobs ${command.name}: ${(error as Error).message}\nUsage: ${command.usage}\nRun \`srcobs ${command.name} --help\` for options and examples.\n`);
      return EXIT.USAGE;
    }
    const e = error as Error;
    // Errors from srcobs packages carry a code and a message that says what to do: print it plainly.
    if (e && typeof (e as { code?: unknown }).code === 'string' && e.name !== 'Error' && e.name !== 'TypeError') {
      output.err.write(`${paint(output, 'red', 'error')}: ${e.message}\n`);
      return UNAVAILABLE_CODES.has(String((e as unknown as { code: string }).code)) ? EXIT.UNAVAILABLE : EXIT.PROBLEM;
    }
    output.err.write(`${paint(output, 'red', 'internal error')}: ${e?.stack ?? String(error)}\nThis is a bug in srcobs: please report it with the command you ran.\n`);
    return EXIT.INTERNAL;
  }
}
