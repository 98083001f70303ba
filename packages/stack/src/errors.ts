import { SrcobsError } from '@srcobs/ola';

/** One problem in a user's config: where it is and what to write instead. */
export interface ConfigIssue {
  /** Dotted path into the config, e.g. `loki.mode` or `services[1].port`; `` for the root. */
  readonly path: string;
  /** What is wrong with the value found there. */
  readonly problem: string;
  /** What to write instead. */
  readonly fix: string;
}

/**
 * A config that cannot be used. It carries every issue at once, so a user fixes the file in one
 * pass instead of one error per run.
 */
export class ConfigError extends SrcobsError {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];
  /** The file the config came from, when it came from one. */
  readonly source: string | undefined;

  constructor(issues: readonly ConfigIssue[], source?: string, options?: ErrorOptions) {
    super('config_invalid', formatConfigIssues(issues, source), options);
    this.issues = issues;
    this.source = source;
  }
}

/** A config file that cannot be read or parsed at all (YAML syntax, a module that throws). */
export class ConfigFileError extends SrcobsError {
  override readonly name = 'ConfigFileError';
  readonly file: string;
  constructor(file: string, message: string, options?: ErrorOptions) {
    super('config_file_unreadable', `${file}: ${message}`, options);
    this.file = file;
  }
}

/** A tool the Kubernetes target needs (`helm`, `kubectl`) is not installed. */
export class MissingToolError extends SrcobsError {
  override readonly name = 'MissingToolError';
  readonly tools: readonly string[];
  constructor(tools: readonly string[], message: string) {
    super('tool_missing', message);
    this.tools = tools;
  }
}

/** A `helm`/`kubectl` command failed while applying the stack. */
export class CommandFailedError extends SrcobsError {
  override readonly name = 'CommandFailedError';
  readonly command: readonly string[];
  readonly exitCode: number | null;
  constructor(command: readonly string[], exitCode: number | null, message: string, options?: ErrorOptions) {
    super('command_failed', message, options);
    this.command = command;
    this.exitCode = exitCode;
  }
}

/** `- path: problem: fix` per issue, under one heading that counts them. */
export function formatConfigIssues(issues: readonly ConfigIssue[], source?: string): string {
  const where = source ? ` in ${source}` : '';
  const head = `${issues.length} problem${issues.length === 1 ? '' : 's'} in the srcobs config${where}:`;
  const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.problem}: ${i.fix}`);
  return [head, ...lines].join('\n');
}
