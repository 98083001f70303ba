import { stopLocal } from '@srcobs/local';
import type { Command } from '../command.js';
import { progress } from '../progress.js';
import { KUBERNETES_OPTIONS, runKubernetes } from './kubernetes.js';
import { TARGET_OPTION, targetOf } from './target.js';

/** `srcobs down`: stop the local stack, or remove the stack from a cluster. */
export const downCommand: Command = {
  name: 'down',
  summary: 'stop the local stack, or uninstall the stack from Kubernetes (data kept)',
  usage: 'srcobs down [--target local|kubernetes] [options]',
  description: `
Local: stops the stack started by \`srcobs up\` from this folder (the playground first, then the
stack, which flushes everything to ./.srcobs/data). The data stays; run \`srcobs up\` to carry on.

Kubernetes: deletes the manifests and uninstalls the Helm releases in reverse order. The
namespaces, their PersistentVolumeClaims (the stored logs the OLA may require) and the CRDs are
kept on purpose; the command says how to delete them.`,
  options: { ...TARGET_OPTION, ...KUBERNETES_OPTIONS },
  examples: [
    ['srcobs down', 'stop the local stack started in another terminal'],
    ['srcobs down --target kubernetes --dry-run', 'the uninstall commands, without running them'],
  ],
  async run({ values }, output) {
    if (targetOf(values) === 'kubernetes') return runKubernetes('down', values, output);
    let told = false;
    const state = await stopLocal('.srcobs', (waited) => {
      if (waited > 1000 && !told) {
        told = true;
        progress(output, 'Waiting for the stack to flush and stop…');
      }
    });
    output.out.write(`Stopped srcobs (pid ${state.pid}); the data is kept in ${state.dataDir}.\n`);
  },
};
