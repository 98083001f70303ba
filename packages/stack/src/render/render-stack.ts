import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { StackConfig } from '../config/types.js';
import { SrcobsError } from '@srcobs/ola';
import { renderApplyNotes } from './apply-notes.js';
import { alloyDeploymentNeeds, renderAlloyConfig, renderAlloyFiles } from './alloy.js';
import { renderCollectorConfig } from './collector.js';
import { renderDashboards } from './grafana/dashboards.js';
import { renderGrafanaProvisioning } from './grafana/provisioning.js';
import { renderAlloyValues } from './helm/alloy.js';
import { renderKubePrometheusStackValues } from './helm/kube-prometheus-stack.js';
import { renderLokiValues } from './helm/loki.js';
import { renderOtelCollectorValues } from './helm/otel-collector.js';
import { renderTempoValues } from './helm/tempo.js';
import { renderHelmfile } from './helmfile.js';
import { renderManifests } from './manifests/index.js';
import { renderLokiRules } from './rules/loki.js';
import { renderPrometheusRules } from './rules/prometheus.js';
import type { RenderedFile, Renderer } from './types.js';

/** The list of files a render wrote, so the next render removes the ones it no longer produces. */
export const RENDERED_INDEX = '.srcobs-rendered.json';

/**
 * Every renderer of the stack, one per output. Each is a pure function of the config; adding an
 * output is one row here.
 */
export const RENDERERS: readonly Renderer[] = [
  renderKubePrometheusStackValues,
  renderLokiValues,
  renderTempoValues,
  (c) => renderOtelCollectorValues(c, renderCollectorConfig(c)),
  (c) => renderAlloyValues(c, { content: renderAlloyConfig(c), needs: alloyDeploymentNeeds(c) }),
  renderHelmfile,
  renderAlloyFiles,
  renderManifests,
  renderGrafanaProvisioning,
  renderDashboards,
  renderPrometheusRules,
  renderLokiRules,
];

/** Two renderers wrote the same path: a bug in srcobs, never in the user's config. */
export class RenderConflictError extends SrcobsError {
  override readonly name = 'RenderConflictError';
  constructor(path: string) {
    super('render_conflict', `two renderers produced ${path}: this is a bug in srcobs, please report it`);
  }
}

/**
 * Every file the cluster needs, rendered from one config, sorted by path.
 *
 * @example
 * ```ts
 * const files = renderStack(defaultConfig());
 * await writeRendered('rendered', files);
 * ```
 */
export function renderStack(config: StackConfig): RenderedFile[] {
  const rendered = RENDERERS.flatMap((render) => render(config));
  // The folder's README lists the other files and the plan that applies them, so it comes last.
  const files = [...rendered, ...renderApplyNotes(config, rendered)];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new RenderConflictError(f.path);
    seen.add(f.path);
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** A rendered path that would land outside the output folder. */
export class UnsafeRenderPathError extends SrcobsError {
  override readonly name = 'UnsafeRenderPathError';
  constructor(path: string) {
    super('render_path_unsafe', `refusing to write ${path}: rendered paths must be relative and stay inside the output folder`);
  }
}

function safeJoin(dir: string, path: string): string {
  const clean = normalize(path);
  if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`)) throw new UnsafeRenderPathError(path);
  return join(dir, clean);
}

/** What `writeRendered` did. */
export interface WriteResult {
  /** Paths written (relative to the folder). */
  readonly written: readonly string[];
  /** Paths a previous render wrote that this one no longer produces, now deleted. */
  readonly removed: readonly string[];
}

/**
 * Writes the files under `dir`, and removes the files the previous render into `dir` wrote but
 * this one does not (a release switched off must not be applied again). Only files listed in
 * `.srcobs-rendered.json` are ever removed, so a user's own files in the folder are safe.
 */
export async function writeRendered(dir: string, files: readonly RenderedFile[]): Promise<WriteResult> {
  const targets = files.map((f) => ({ file: f, target: safeJoin(dir, f.path) }));
  const previous = await readIndex(dir);
  const current = new Set(files.map((f) => normalize(f.path)));
  const removed: string[] = [];
  for (const old of previous) {
    if (current.has(normalize(old))) continue;
    const target = safeJoin(dir, old);
    if (existsSync(target)) {
      await rm(target, { force: true });
      removed.push(old);
    }
  }
  for (const { file, target } of targets) {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content.endsWith('\n') ? file.content : `${file.content}\n`);
  }
  await writeFile(join(dir, RENDERED_INDEX), `${JSON.stringify({ files: files.map((f) => f.path) }, null, 2)}\n`);
  return { written: files.map((f) => f.path), removed };
}

async function readIndex(dir: string): Promise<string[]> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, RENDERED_INDEX), 'utf8')) as { files?: unknown };
    return Array.isArray(parsed.files) ? parsed.files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return []; // No index (a first render, or a folder srcobs did not write): remove nothing.
  }
}
