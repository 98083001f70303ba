import { runCli } from './cli.js';
import { COMMANDS } from './commands/index.js';
import { processOutput } from './output.js';

// The one place that calls process.exit: everything else returns or throws ExitError. Exiting
// explicitly means a handle some library forgot to close cannot keep a finished command alive.
const code = await runCli(process.argv.slice(2), COMMANDS, processOutput());
process.exit(code);
