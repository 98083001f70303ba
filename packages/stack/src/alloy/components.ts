import { DISCOVERY_KUBERNETES, DISCOVERY_RELABEL, LOCAL_FILE_MATCH } from './components/discovery.js';
import { LOKI_SOURCE_FILE, LOKI_SOURCE_JOURNAL, LOKI_SOURCE_KUBERNETES, LOKI_SOURCE_KUBERNETES_EVENTS } from './components/loki-sources.js';
import { LOKI_PROCESS, LOKI_RELABEL, LOKI_SECRETFILTER, LOKI_WRITE } from './components/loki.js';
import {
  OTELCOL_CONNECTOR_SERVICEGRAPH,
  OTELCOL_CONNECTOR_SPANMETRICS,
  OTELCOL_EXPORTER_LOKI,
  OTELCOL_EXPORTER_OTLP,
  OTELCOL_EXPORTER_OTLPHTTP,
  OTELCOL_EXPORTER_PROMETHEUS,
  OTELCOL_PROCESSOR_BATCH,
  OTELCOL_PROCESSOR_K8SATTRIBUTES,
  OTELCOL_PROCESSOR_MEMORY_LIMITER,
  OTELCOL_RECEIVER_OTLP,
} from './components/otelcol.js';
import { PROMETHEUS_OPERATOR_SERVICEMONITORS, PROMETHEUS_REMOTE_WRITE, PROMETHEUS_SCRAPE } from './components/prometheus.js';
import { SHARED_BLOCK_ARGS } from './components/shared-blocks.js';
import type { RawBlock, RawComponent } from './components/types.js';

/**
 * The Alloy components srcobs renders or checks, transcribed from their reference pages in
 * `../shared/reference/alloy/components/` (Alloy v1.18.1): arguments with their types and whether
 * they are required, blocks (nested, repeatable), and exports. `validateAlloy` checks rendered
 * configs against it; `components.test.ts` re-reads every page and checks the table against it.
 */

/** One argument of a component or block. */
export interface ArgumentSpec {
  readonly name: string;
  /** The type as the reference spells it: `string`, `list(map(string))`, `capsule(otelcol.Handler)`… */
  readonly type: string;
  readonly required: boolean;
}

/** One block a component or block accepts. */
export interface BlockSpec {
  readonly name: string;
  readonly required: boolean;
  readonly repeatable: boolean;
  /** Accepts the component's top-level blocks as well as its own (`stage.match`). */
  readonly nestsComponentBlocks: boolean;
  readonly arguments: readonly ArgumentSpec[];
  /** False when the arguments come from a `docs/shared` page srcobs has not transcribed. */
  readonly argumentsKnown: boolean;
  /** The `docs/shared` page the arguments come from, when the component page includes one. */
  readonly shared?: string;
  readonly blocks: readonly BlockSpec[];
}

/** One component: what its block may contain and what it exports. */
export interface ComponentSpec {
  readonly name: string;
  /** The least `--stability.level` (alloy chart: `alloy.stabilityLevel`) that loads the component. */
  readonly stability: 'generally-available' | 'public-preview' | 'experimental';
  readonly arguments: readonly ArgumentSpec[];
  readonly blocks: readonly BlockSpec[];
  readonly exports: ReadonlyArray<{ readonly name: string; readonly type: string }>;
}

/** The table as written, in reference-page order (for the table-vs-reference test). */
export const RAW_COMPONENTS: readonly RawComponent[] = [
  DISCOVERY_KUBERNETES,
  DISCOVERY_RELABEL,
  LOCAL_FILE_MATCH,
  LOKI_PROCESS,
  LOKI_RELABEL,
  LOKI_SECRETFILTER,
  LOKI_SOURCE_FILE,
  LOKI_SOURCE_JOURNAL,
  LOKI_SOURCE_KUBERNETES,
  LOKI_SOURCE_KUBERNETES_EVENTS,
  LOKI_WRITE,
  OTELCOL_CONNECTOR_SERVICEGRAPH,
  OTELCOL_CONNECTOR_SPANMETRICS,
  OTELCOL_EXPORTER_LOKI,
  OTELCOL_EXPORTER_OTLP,
  OTELCOL_EXPORTER_OTLPHTTP,
  OTELCOL_EXPORTER_PROMETHEUS,
  OTELCOL_PROCESSOR_BATCH,
  OTELCOL_PROCESSOR_K8SATTRIBUTES,
  OTELCOL_PROCESSOR_MEMORY_LIMITER,
  OTELCOL_RECEIVER_OTLP,
  PROMETHEUS_OPERATOR_SERVICEMONITORS,
  PROMETHEUS_REMOTE_WRITE,
  PROMETHEUS_SCRAPE,
];

/** `'name: type!'` → an {@link ArgumentSpec}. */
export function parseArgumentRow(row: string): ArgumentSpec {
  const colon = row.indexOf(':');
  const name = row.slice(0, colon).trim();
  const rest = row.slice(colon + 1).trim();
  const required = rest.endsWith('!');
  return { name, type: required ? rest.slice(0, -1).trim() : rest, required };
}

function resolveBlock(raw: RawBlock): BlockSpec {
  const own = (raw.args ?? []).map(parseArgumentRow);
  const shared = raw.shared !== undefined ? SHARED_BLOCK_ARGS[raw.shared] : undefined;
  return {
    name: raw.name,
    required: raw.required === true,
    repeatable: raw.repeatable === true,
    nestsComponentBlocks: raw.nestsComponentBlocks === true,
    arguments: [...own, ...(shared ?? []).map(parseArgumentRow)],
    argumentsKnown: raw.shared === undefined || shared !== undefined,
    ...(raw.shared !== undefined ? { shared: raw.shared } : {}),
    blocks: (raw.blocks ?? []).map(resolveBlock),
  };
}

function resolveComponent(raw: RawComponent): ComponentSpec {
  return {
    name: raw.name,
    stability: raw.stability ?? 'generally-available',
    arguments: (raw.args ?? []).map(parseArgumentRow),
    blocks: (raw.blocks ?? []).map(resolveBlock),
    exports: raw.exports.map((row) => {
      const { name, type } = parseArgumentRow(row);
      return { name, type };
    }),
  };
}

/** Every component in the table, by name. */
export const COMPONENTS: ReadonlyMap<string, ComponentSpec> = new Map(RAW_COMPONENTS.map((raw) => [raw.name, resolveComponent(raw)]));
