import { createQueryClient, resolveEndpoints, type QueryClient, type ResolvedEndpoints } from '@srcobs/local';
import { loadConfig, type StackConfig } from '@srcobs/stack';
import type { CommandOptions } from '../command.js';

/** `--url` and the per-API URLs every command that queries the stores shares. */
export const ENDPOINT_OPTIONS: CommandOptions = {
  url: { type: 'string', short: 'u', description: 'one URL for the Prometheus, Loki and Tempo APIs (default: the local stack started from this folder)', valueName: 'url' },
  'prometheus-url': { type: 'string', description: "the Prometheus API (a Grafana data source's URL), instead of --url", valueName: 'url' },
  'loki-url': { type: 'string', description: 'the Loki API, instead of --url', valueName: 'url' },
  'tempo-url': { type: 'string', description: 'the Tempo API, instead of --url', valueName: 'url' },
  token: { type: 'string', description: 'bearer token for the APIs (default: $SRCOBS_TOKEN); never printed', valueName: 'token' },
};

function text(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return v === undefined ? undefined : String(v);
}

/** The endpoints the options name, the local stack's for the rest. */
export function endpointsOf(values: Record<string, unknown>, need?: ReadonlyArray<'prometheus' | 'loki' | 'tempo'>): ResolvedEndpoints {
  return resolveEndpoints({ url: text(values, 'url'), prometheusUrl: text(values, 'prometheus-url'), lokiUrl: text(values, 'loki-url'), tempoUrl: text(values, 'tempo-url'), token: text(values, 'token'), need });
}

/** A query client over the resolved endpoints. */
export function clientOf(resolved: ResolvedEndpoints): QueryClient {
  return createQueryClient(resolved.endpoints, resolved.token ? { token: resolved.token } : {});
}

/**
 * The stack config a check measures against: `--config`, else the file the local stack applied
 * (when the check runs against it), else the one in this folder, else the defaults.
 */
export async function configFor(values: Record<string, unknown>, resolved: ResolvedEndpoints): Promise<StackConfig> {
  const file = text(values, 'config') ?? resolved.local?.configFile;
  return loadConfig(file ? { file } : {});
}
