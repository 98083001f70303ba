import { SrcobsError } from '@srcobs/ola';

/** `srcobs up` while another local stack runs from the same folder. */
export class AlreadyRunningError extends SrcobsError {
  override readonly name = 'AlreadyRunningError';
  constructor(pid: number, url: string | undefined) {
    super('stack_already_running', `srcobs is already running here (pid ${pid}${url ? `, ${url}` : ''}): open it, or stop it first with \`srcobs down\``);
  }
}

/** `srcobs status`/`down`/`verify` when no local stack runs from this folder. */
export class NotRunningError extends SrcobsError {
  override readonly name = 'NotRunningError';
  constructor(stateDir: string) {
    super('stack_not_running', `no local srcobs stack is running from ${stateDir}: start one with \`srcobs up\` (or \`npm start\`)`);
  }
}

/** `srcobs down` waited and the stack is still there. */
export class StopTimeoutError extends SrcobsError {
  override readonly name = 'StopTimeoutError';
  constructor(pid: number, seconds: number) {
    super('stack_stop_timeout', `srcobs (pid ${pid}) did not stop within ${seconds} s: look at its terminal, or stop it with \`kill ${pid}\``);
  }
}

/** The stack config cannot be applied to the local stack (a value the local stack cannot read). */
export class ConfigApplyError extends SrcobsError {
  override readonly name = 'ConfigApplyError';
  constructor(message: string) {
    super('config_invalid', message);
  }
}
