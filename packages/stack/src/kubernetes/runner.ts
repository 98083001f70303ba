import { spawn } from 'node:child_process';
import { CommandFailedError } from '../errors.js';
import { commandLine } from './plan.js';
import type { KubernetesPlan, PlanStep, Tool } from './plan.js';
import { INSTALL_HINTS, requireTools } from './tools.js';

/** How often a long step reports that it is still running. */
const DEFAULT_HEARTBEAT_MS = 15_000;
/** How much of a failed command's output the error keeps. */
const OUTPUT_TAIL_LINES = 20;

/** Options of `runPlan`. */
export interface RunOptions {
  /** Print every command and file, run nothing, touch no cluster. */
  readonly dryRun?: boolean;
  /** Where progress goes (one line per call). Default: stdout. */
  readonly log?: (line: string) => void;
  /** Environment for the tools; PATH decides which helm/kubectl run. Default: process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The kube context the plan names (`--context`), if any: printed instead of the current one. */
  readonly context?: string;
  /** Milliseconds between "still running" lines. */
  readonly heartbeatMs?: number;
}

/** What a run did. */
export interface RunResult {
  /** The kube context used (undefined on a dry run that could not read one). */
  readonly context: string | undefined;
  /** Steps completed, in order. */
  readonly completed: readonly PlanStep[];
}

interface Output {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (onLine) for (const line of chunk.split('\n')) if (line.trim()) onLine(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The kube context commands will use: the one the plan names, else kubectl's current context
 * (read from the kubeconfig, without contacting the cluster).
 */
async function currentContext(kubectl: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const out = await run(kubectl, ['config', 'current-context'], env);
  return out.code === 0 ? out.stdout.trim() || undefined : undefined;
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-OUTPUT_TAIL_LINES).join('\n');
}

/**
 * Runs a plan: checks that helm and kubectl are installed, prints the kube context it is about to
 * use, then each step with its command, a "still running" line while a step waits, and stops at
 * the first failure with the command, its exit code and the end of its output. `dryRun` prints the
 * same plan and the files each step reads, and runs nothing.
 *
 * @example
 * ```ts
 * await runPlan(planUp(config, files, { dir: 'rendered' }), { dryRun: true });
 * ```
 */
export async function runPlan(plan: KubernetesPlan, options: RunOptions = {}): Promise<RunResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = options.env ?? process.env;
  const tools = [...new Set<Tool>(['kubectl', ...plan.steps.map((s) => s.tool)])];
  const total = plan.steps.length;

  if (options.dryRun) {
    log(`Dry run of "${plan.action}": ${total} command${total === 1 ? '' : 's'}, nothing is run and no cluster is contacted.`);
    log(options.context ? `Kube context: ${options.context} (from --context)` : 'Kube context: the current context of your kubeconfig (kubectl config current-context)');
    plan.steps.forEach((s, i) => {
      log(`[${i + 1}/${total}] ${s.title}`);
      log(`  $ ${commandLine(s.tool, s.args)}`);
      for (const f of s.files) log(`    reads ${f}`);
    });
    for (const note of plan.notes) log(note);
    try {
      requireTools(tools, env['PATH']);
    } catch {
      log(`Note: to run it you need ${tools.map((t) => INSTALL_HINTS[t]).join(' and ')}.`);
    }
    return { context: options.context, completed: [] };
  }

  const paths = requireTools(tools, env['PATH']);
  const context = options.context ?? (await currentContext(paths.kubectl, env));
  if (!context) {
    throw new CommandFailedError(['kubectl', 'config', 'current-context'], 1, 'kubectl has no current context: set one (kubectl config use-context <name>) or pass --context <name>');
  }
  log(`Using kube context "${context}" for "${plan.action}" (${total} step${total === 1 ? '' : 's'}).`);

  const completed: PlanStep[] = [];
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  for (const [i, s] of plan.steps.entries()) {
    const line = commandLine(s.tool, s.args);
    log(`[${i + 1}/${total}] ${s.title}`);
    log(`  $ ${line}`);
    const started = Date.now();
    const timer = setInterval(() => log(`  ... still running (${Math.round((Date.now() - started) / 1000)}s): ${s.title}`), heartbeatMs);
    let out: Output;
    try {
      out = await run(paths[s.tool], s.args, env, s.mutates ? undefined : (l) => log(`  ${l}`));
    } catch (cause) {
      throw new CommandFailedError([s.tool, ...s.args], null, `could not start ${s.tool}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    } finally {
      clearInterval(timer);
    }
    if (out.code !== 0) {
      const detail = tail(out.stderr || out.stdout);
      throw new CommandFailedError(
        [s.tool, ...s.args],
        out.code,
        [
          `step ${i + 1}/${total} failed (${s.title}): ${line} exited with ${String(out.code)}`,
          detail && `  ${detail.replace(/\n/g, '\n  ')}`,
          s.hint ?? 'Fix the cause and run the same command again: completed steps are safe to repeat.',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }
    log(`  done in ${Math.round((Date.now() - started) / 1000)}s`);
    completed.push(s);
  }
  for (const note of plan.notes) log(note);
  return { context, completed };
}
