import { localStatus, type StackStatus } from '@srcobs/local';
import type { Command } from '../command.js';
import { EXIT, ExitError } from '../errors.js';
import { formatTable, paint, type Output } from '../output.js';
import { KUBERNETES_OPTIONS, runKubernetes } from './kubernetes.js';
import { TARGET_OPTION, targetOf } from './target.js';

function bytes(n: unknown): string {
  if (typeof n !== 'number') return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function storeLine(store: StackStatus['store']): string {
  const s = (store ?? {}) as Record<string, unknown>;
  return `${String(s['series'] ?? '?')} series, ${String(s['streams'] ?? '?')} log streams, ${String(s['spans'] ?? '?')} spans, ${bytes(s['bytesOnDisk'])} on disk`;
}

function printStatus(output: Output, r: Awaited<ReturnType<typeof localStatus>>): void {
  const { state, status } = r;
  output.out.write(`${r.ready ? paint(output, 'green', 'running') : paint(output, 'yellow', 'not ready')}: pid ${state.pid}, since ${state.startedAt}, data in ${state.dataDir}\n`);
  output.out.write(`  console and APIs  ${state.urls.http ?? '-'}\n  OTLP/HTTP         ${state.urls.otlpHttp ?? '-'}\n  OTLP/gRPC         ${state.urls.otlpGrpc ?? '-'}\n`);
  for (const s of state.services) output.out.write(`  ${s.name.padEnd(17)} ${s.url}\n`);
  if (!status) {
    output.out.write('  (the stack does not answer its status endpoint)\n');
    return;
  }
  output.out.write(`  store             ${storeLine(status.store)}\n\nScrape targets:\n`);
  output.out.write(
    formatTable(
      ['job', 'url', 'up', 'last error'],
      status.scrape.map((t) => [t.job, t.url, t.up === null ? 'pending' : t.up ? paint(output, 'green', 'up') : paint(output, 'red', 'down'), t.error ?? '']),
    ),
  );
}

/** `srcobs status`: what runs, where, and whether it is healthy. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'show the running local stack (addresses, store, scrape targets) or the cluster releases',
  usage: 'srcobs status [--target local|kubernetes] [--json]',
  description: `
Local: the stack started by \`srcobs up\` from this folder: its addresses, the playground
services, what the store holds and the state of each scrape target. Exit code 3 when no stack
runs here, 1 when it runs but is not ready.

Kubernetes: the Helm releases and the pods of the monitoring and playground namespaces.`,
  options: { ...TARGET_OPTION, json: { type: 'boolean', description: '(local) print the status as JSON' }, ...KUBERNETES_OPTIONS },
  examples: [
    ['srcobs status', 'is the local stack up, and where'],
    ['srcobs status --json | jq .status.scrape', 'scrape targets, machine-readable'],
    ['srcobs status --target kubernetes', 'releases and pods on the cluster'],
  ],
  async run({ values }, output) {
    if (targetOf(values) === 'kubernetes') return runKubernetes('status', values, output);
    const r = await localStatus('.srcobs');
    if (values['json']) output.out.write(`${JSON.stringify(r, null, 2)}\n`);
    else printStatus(output, r);
    if (!r.ready) throw new ExitError(EXIT.PROBLEM);
  },
};
