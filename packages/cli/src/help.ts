import type { Command } from './command.js';
import { paint, type Output } from './output.js';

/** `srcobs --help`: every command with its summary, and where to start. */
export function formatMainHelp(commands: readonly Command[], output: Output): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${paint(output, 'bold', 'srcobs')}: metrics, logs and traces for SRCNode services, on this machine or on Kubernetes.`,
    '',
    'Usage: srcobs <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Start here:',
    '  srcobs up             run the local stack with the playground services, print the console address',
    '  srcobs <command> --help',
    '',
  ].join('\n');
}

/** `srcobs <command> --help`: usage, description, options and examples. */
export function formatCommandHelp(command: Command, output: Output): string {
  const flags = Object.entries(command.options).map(([name, o]) => {
    const short = o.short ? `-${o.short}, ` : '    ';
    const value = o.type === 'string' ? ` <${o.valueName ?? 'value'}>` : '';
    return [`${short}--${name}${value}`, o.description + (o.default !== undefined && o.type === 'string' ? ` (default: ${String(o.default)})` : '')] as const;
  });
  flags.push(['-h, --help', 'show this help']);
  const width = Math.max(...flags.map(([f]) => f.length));
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    '',
    command.description.trim(),
    '',
    'Options:',
    ...flags.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`),
    '',
    'Examples:',
    ...command.examples.flatMap(([cmd, what]) => [`  ${paint(output, 'dim', `# ${what}`)}`, `  ${cmd}`]),
    '',
  ].join('\n');
}
