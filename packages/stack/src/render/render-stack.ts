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
  // Kinds and charts go into the index too, so `srcobs validate <dir>` can check the files as they
  // are on disk (perhaps edited by hand) with the same validators.
  const index = files.map((f) => ({ path: f.path, kind: f.kind, ...(f.chart ? { chart: f.chart } : {}) }));
  await writeFile(join(dir, RENDERED_INDEX), `${JSON.stringify({ files: index }, null, 2)}\n`);
  return { written: files.map((f) => f.path), removed };
}

type IndexEntry = Omit<RenderedFile, 'content'>;

async function readIndexEntries(dir: string): Promise<IndexEntry[] | undefined> {
  let parsed: { files?: unknown };
  try {
    parsed = JSON.parse(await readFile(join(dir, RENDERED_INDEX), 'utf8')) as { files?: unknown };
  } catch {
    return undefined; // No index (a first render, or a folder srcobs did not write).
  }
  if (!Array.isArray(parsed.files)) return [];
  // Older indexes held bare paths; their kind is unknown and they are only used for removal.
  return parsed.files.flatMap((f): IndexEntry[] =>
    typeof f === 'string' ? [{ path: f, kind: 'readme' }] : f && typeof f === 'object' && typeof (f as IndexEntry).path === 'string' ? [f as IndexEntry] : [],
  );
}

async function readIndex(dir: string): Promise<string[]> {
  return ((await readIndexEntries(dir)) ?? []).map((e) => e.path);
}

/** A folder that `srcobs render` did not write (no index), so its files' kinds are unknown. */
export class NotRenderedError extends SrcobsError {
  override readonly name = 'NotRenderedError';
  constructor(dir: string) {
    super('not_rendered', `${dir} has no ${RENDERED_INDEX}: it was not written by \`srcobs render\`; run \`srcobs render --out ${dir}\` first`);
  }
}

/**
 * The rendered files as they are on disk now (hand edits included), with the kinds and charts
 * the render recorded, so they can be validated again. A file listed but deleted since is left out.
 */
export async function readRendered(dir: string): Promise<RenderedFile[]> {
  const entries = await readIndexEntries(dir);
  if (entries === undefined) throw new NotRenderedError(dir);
  const files: RenderedFile[] = [];
  for (const entry of entries) {
    const target = safeJoin(dir, entry.path);
    if (!existsSync(target)) continue;
    files.push({ ...entry, content: await readFile(target, 'utf8') });
  }
  return files;
}
