import type { StackConfig } from '../config/types.js';
import { commandLine, planDown, planUp } from '../kubernetes/plan.js';
import { AUDIT_POLICY_FILE, NAMESPACES_FILE } from './manifests/index.js';
import { createSecretCommand, requiredSecrets } from './required-secrets.js';
import type { RenderedFile } from './types.js';

/** Where the notes land in the output folder. */
export const APPLY_NOTES_PATH = 'README.md';

/**
 * The output folder's README: the Secrets to create first, the exact commands `srcobs up --target
 * kubernetes` runs (from the folder itself, so a person can run them by hand), how to remove the
 * stack, and what each file is. Derived from the same plan the runner executes, so they agree.
 */
export function renderApplyNotes(config: StackConfig, files: readonly RenderedFile[]): RenderedFile[] {
  const up = planUp(config, files, { dir: '.' });
  const down = planDown(config, files, { dir: '.' });
  const secrets = requiredSecrets(config);
  const lines = [
    `# srcobs stack for cluster "${config.clusterName}"`,
    '',
    'Rendered by `srcobs render` from the stack config: change the config and render again rather than editing these files.',
    'Check them with `srcobs validate`; install them with `srcobs up --target kubernetes` (add `--dry-run` to see the plan).',
    '',
    '## 1. Create these Secrets first',
    '',
    'The rendered files only reference them; no password, key or certificate is in this folder.',
    '',
    '```sh',
    ...secrets.map((s) => `${createSecretCommand(s)}   # ${s.usedBy.join(', ')}`),
    '```',
    '',
    '## 2. Install, in this order',
    '',
    '```sh',
    ...up.steps.map((s) => commandLine(s.tool, s.args)),
    '```',
    '',
    '## Remove',
    '',
    '```sh',
    ...down.steps.map((s) => commandLine(s.tool, s.args)),
    '```',
    '',
    ...down.notes,
    '',
    '## Files',
    '',
    ...[...files].sort((a, b) => a.path.localeCompare(b.path)).map((f) => `- \`${f.path}\`: ${describe(f)}`),
    '',
  ];
  return [{ path: APPLY_NOTES_PATH, kind: 'readme', content: lines.join('\n') }];
}

function describe(file: RenderedFile): string {
  if (file.path === NAMESPACES_FILE) return 'the namespaces, applied first';
  if (file.path === AUDIT_POLICY_FILE) return 'the API server audit Policy: copy it to every control-plane node (--audit-policy-file), never kubectl apply it';
  if (file.kind === 'helm-values' && file.chart) return `Helm values for release ${file.chart.release} (${file.chart.name} ${file.chart.version})`;
  const kinds: Partial<Record<RenderedFile['kind'], string>> = {
    helmfile: 'the same releases for helmfile users',
    manifest: 'Kubernetes objects, applied after the releases',
    alloy: 'the Alloy configuration (also inside the alloy values)',
    collector: 'the OpenTelemetry Collector configuration (also inside its values)',
    'prometheus-rules': 'Prometheus alert rules (applied as a PrometheusRule)',
    'prometheus-rules-test': 'promtool unit tests of the rules',
    'loki-rules': 'Loki ruler rules (applied as a ConfigMap the ruler loads)',
    dashboard: 'a Grafana dashboard (applied as a ConfigMap the sidecar loads)',
  };
  return kinds[file.kind] ?? file.kind;
}
