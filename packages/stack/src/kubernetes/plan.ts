import { join } from 'node:path';
import type { StackConfig } from '../config/types.js';
import { helmReleases } from '../render/helm/releases.js';
import { NAMESPACES_FILE } from '../render/manifests/index.js';
import { createSecretCommand, requiredSecrets } from '../render/required-secrets.js';
import type { RenderedFile } from '../render/types.js';

/** How long Helm waits for a release's workloads to become ready. */
const HELM_TIMEOUT = '15m';
/** How long to wait for a playground Deployment's rollout. */
const ROLLOUT_TIMEOUT = '5m';

/** The tools the plan runs. */
export type Tool = 'helm' | 'kubectl';

/** One command of a plan. */
export interface PlanStep {
  /** What the step does, for the progress line. */
  readonly title: string;
  readonly tool: Tool;
  /** Arguments after the tool's name (argv, never a shell string). */
  readonly args: readonly string[];
  /** Rendered files the command reads (paths relative to the output folder). */
  readonly files: readonly string[];
  /** False for read-only steps (status, checks). */
  readonly mutates: boolean;
  /** What to do when the step fails, beyond the command's own error. */
  readonly hint?: string;
}

/** What `srcobs up|down|status --target kubernetes` will do, in order. */
export interface KubernetesPlan {
  readonly action: 'up' | 'down' | 'status';
  readonly steps: readonly PlanStep[];
  /** Said after the steps: what the plan leaves on purpose (data, CRDs). */
  readonly notes: readonly string[];
}

/** Options shared by every plan. */
export interface PlanOptions {
  /** The folder the rendered files were written to; commands name files inside it. */
  readonly dir: string;
  /** A kube context to use instead of the current one (`--kube-context`, `--context`). */
  readonly context?: string;
}

function contextArgs(tool: Tool, options: PlanOptions): string[] {
  if (!options.context) return [];
  return tool === 'helm' ? ['--kube-context', options.context] : ['--context', options.context];
}

function step(tool: Tool, title: string, args: readonly string[], files: readonly string[], options: PlanOptions, mutates = true): PlanStep {
  return { title, tool, args: [...args, ...contextArgs(tool, options)], files, mutates };
}

/** The manifests to apply after the releases: everything but the namespaces, in path order. */
function objectManifests(files: readonly RenderedFile[]): string[] {
  return files
    .filter((f) => f.kind === 'manifest' && f.path !== NAMESPACES_FILE)
    .map((f) => f.path)
    .sort((a, b) => a.localeCompare(b));
}

/**
 * `up`: namespaces first; then the Helm releases in dependency order, kube-prometheus-stack first
 * because it installs the ServiceMonitor, PodMonitor and PrometheusRule CRDs the other charts'
 * ServiceMonitors and our manifests need; each release waits for its workloads (`--wait`); then
 * the manifests; then the playground's rollouts. Charts come straight from their repositories
 * (`--repo`) at the pinned versions, so the user's `helm repo` list is left alone.
 */
export function planUp(config: StackConfig, files: readonly RenderedFile[], options: PlanOptions): KubernetesPlan {
  const at = (path: string) => join(options.dir, path);
  const steps: PlanStep[] = [step('kubectl', 'create the namespaces', ['apply', '-f', at(NAMESPACES_FILE)], [NAMESPACES_FILE], options)];
  // The stack only references these Secrets; without them Grafana or the Gateway would fail
  // only after a long --wait, so check first and say how to create the missing ones.
  const secrets = requiredSecrets(config);
  for (const ns of [...new Set(secrets.map((s) => s.namespace))]) {
    const here = secrets.filter((s) => s.namespace === ns);
    steps.push({
      ...step('kubectl', `check the Secrets you create in ${ns} exist (${here.map((s) => s.name).join(', ')})`, ['get', 'secret', ...here.map((s) => s.name), '--namespace', ns, '-o', 'name'], [], options, false),
      hint: `Create the missing Secrets, then run up again:\n${here.map((s) => `  ${createSecretCommand(s)}    # ${s.usedBy.join(', ')}`).join('\n')}`,
    });
  }
  for (const r of helmReleases(config)) {
    steps.push(
      step(
        'helm',
        `install ${r.name} (${r.chart.name} ${r.chart.version}) and wait for it`,
        ['upgrade', '--install', r.name, r.chart.name, '--repo', r.chart.repository, '--version', r.chart.version, '--namespace', r.namespace, '--values', at(r.values), '--wait', '--timeout', HELM_TIMEOUT],
        [r.values],
        options,
      ),
    );
  }
  const manifests = objectManifests(files);
  if (manifests.length > 0) {
    steps.push(step('kubectl', 'apply the manifests (ServiceMonitors, rules, dashboards, Gateway, playground)', ['apply', ...manifests.flatMap((m) => ['-f', at(m)])], manifests, options));
  }
  for (const s of config.services.filter((x) => x.deploy)) {
    steps.push(step('kubectl', `wait for ${s.namespace}/${s.name} to roll out`, ['rollout', 'status', `deployment/${s.name}`, '--namespace', s.namespace, `--timeout=${ROLLOUT_TIMEOUT}`], [], options));
  }
  return { action: 'up', steps, notes: [] };
}

/**
 * `down`: the reverse of `up`. It keeps the namespaces, their PersistentVolumeClaims (the logs the
 * OLA says to keep) and the CRDs, and says how to remove them on purpose.
 */
export function planDown(config: StackConfig, files: readonly RenderedFile[], options: PlanOptions): KubernetesPlan {
  const at = (path: string) => join(options.dir, path);
  const steps: PlanStep[] = [];
  const manifests = objectManifests(files);
  if (manifests.length > 0) {
    steps.push(step('kubectl', 'delete the manifests', ['delete', '--ignore-not-found', ...manifests.flatMap((m) => ['-f', at(m)])], manifests, options));
  }
  for (const r of [...helmReleases(config)].reverse()) {
    steps.push(step('helm', `uninstall ${r.name}`, ['uninstall', r.name, '--namespace', r.namespace, '--ignore-not-found', '--wait'], [], options));
  }
  const ns = config.namespaces.monitoring;
  return {
    action: 'down',
    steps,
    notes: [
      `Kept: the namespaces and their PersistentVolumeClaims (stored logs, metrics and traces; the OLA may require them), and the prometheus-operator CRDs.`,
      `To delete the stored data too: kubectl delete namespace ${ns} ${config.namespaces.playground}`,
    ],
  };
}

/** `status`: read-only commands that show the releases and the pods. */
export function planStatus(config: StackConfig, options: PlanOptions): KubernetesPlan {
  const namespaces = [...new Set([config.namespaces.monitoring, config.namespaces.playground])];
  return {
    action: 'status',
    steps: [
      step('helm', 'the Helm releases', ['list', '--namespace', config.namespaces.monitoring], [], options, false),
      ...namespaces.map((ns) => step('kubectl', `the pods in ${ns}`, ['get', 'pods', '--namespace', ns, '-o', 'wide'], [], options, false)),
    ],
    notes: [],
  };
}

/** A command as a person would type it (for dry runs and progress lines). */
export function commandLine(tool: string, args: readonly string[]): string {
  return [tool, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
