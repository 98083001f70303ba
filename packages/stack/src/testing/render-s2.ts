import { parse, stringify } from 'yaml';
import type { StackConfig } from '../config/types.js';
import { renderDashboards } from '../render/grafana/dashboards.js';
import { renderGrafanaProvisioning } from '../render/grafana/provisioning.js';
import { renderManifests } from '../render/manifests/index.js';
import { renderLokiRules } from '../render/rules/loki.js';
import { renderPrometheusRules } from '../render/rules/prometheus.js';
import type { RenderedFile } from '../render/types.js';
import { DEFAULT_VENDOR_DIR } from '../validate/vendor.js';
import type { ValidationContext } from '../validate/types.js';

/** Every file the manifest, Grafana and rule renderers produce for `config`. */
export function renderS2(config: StackConfig): RenderedFile[] {
  return [...renderManifests(config), ...renderGrafanaProvisioning(config), ...renderDashboards(config), ...renderPrometheusRules(config), ...renderLokiRules(config)];
}

/** The validation context of the package's own vendored charts and CRDs. */
export function vendorContext(promtool?: string): ValidationContext {
  return promtool ? { vendorDir: DEFAULT_VENDOR_DIR, promtool } : { vendorDir: DEFAULT_VENDOR_DIR };
}

/** `files` with the one at `path` passed through `edit`; fails loudly when no such file exists. */
export function editFile(files: readonly RenderedFile[], path: string, edit: (content: string) => string): RenderedFile[] {
  if (!files.some((f) => f.path === path)) throw new Error(`no rendered file ${path}: ${files.map((f) => f.path).join(', ')}`);
  return files.map((f) => (f.path === path ? { ...f, content: edit(f.content) } : f));
}

/** `content` with `from` replaced by `to`; fails loudly when `from` is not there, so a test never edits nothing. */
export function replaceOnce(content: string, from: string | RegExp, to: string): string {
  const next = content.replace(from, to);
  if (next === content) throw new Error(`nothing to replace: ${String(from)}`);
  return next;
}

/** `files` with the values of `release` changed by `edit` (parsed, edited, written back as YAML). */
export function editValues(files: readonly RenderedFile[], release: string, edit: (values: Record<string, any>) => void): RenderedFile[] {
  const target = files.find((f) => f.kind === 'helm-values' && f.chart?.release === release);
  if (!target) throw new Error(`no values file for release ${release}`);
  return files.map((f) => {
    if (f !== target) return f;
    const values = parse(f.content) as Record<string, any>;
    edit(values);
    return { ...f, content: stringify(values) };
  });
}
