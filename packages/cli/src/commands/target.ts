import type { CommandOptions } from '../command.js';
import { UsageError } from '../errors.js';

/** Where a command acts: this machine's local stack, or a Kubernetes cluster. */
export type Target = 'local' | 'kubernetes';

export const TARGET_OPTION: CommandOptions = {
  target: { type: 'string', short: 't', default: 'local', description: 'local (the embedded stack on this machine) or kubernetes (the real charts on your cluster)', valueName: 'local|kubernetes' },
};

/** The --target value, checked. */
export function targetOf(values: Record<string, unknown>): Target {
  const t = String(values['target'] ?? 'local');
  if (t === 'local' || t === 'kubernetes') return t;
  if (t === 'k8s' || t === 'cluster') return 'kubernetes';
  throw new UsageError(`unknown --target "${t}": use local or kubernetes`);
}
