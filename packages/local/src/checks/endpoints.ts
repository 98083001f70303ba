import { requireRunning } from '../environment/control.js';
import type { RunState } from '../environment/state-file.js';
import type { QueryEndpoints } from './query-client.js';

/** Where the checks send their queries, as the user gave it. Unset URLs come from the local stack. */
export interface EndpointOptions {
  /** One URL for all three APIs: the local stack's, or a gateway that routes them. */
  readonly url?: string;
  readonly prometheusUrl?: string;
  readonly lokiUrl?: string;
  readonly tempoUrl?: string;
  /** Bearer token; default `$SRCOBS_TOKEN`. */
  readonly token?: string;
  /** The state folder of a local stack (`./.srcobs`), used for every URL not given. */
  readonly stateDir?: string;
  /** The APIs the caller will use (default all three): only these fall back to the local stack. */
  readonly need?: ReadonlyArray<keyof QueryEndpoints>;
}

/** The resolved endpoints, and the local stack's state when it was used. */
export interface ResolvedEndpoints {
  readonly endpoints: QueryEndpoints;
  readonly token: string | undefined;
  /** Set when some URL came from the local stack's state file. */
  readonly local: RunState | undefined;
}

/**
 * Fills the three API URLs: each from its own option, else `url`, else the local stack started
 * from `stateDir` (which then must be running: NotRunningError says how to start one).
 */
export function resolveEndpoints(options: EndpointOptions, env: NodeJS.ProcessEnv = process.env): ResolvedEndpoints {
  const given = { prometheus: options.prometheusUrl ?? options.url, loki: options.lokiUrl ?? options.url, tempo: options.tempoUrl ?? options.url };
  let local: RunState | undefined;
  const fallback = (): string => {
    local ??= requireRunning(options.stateDir);
    return local.urls.http ?? '';
  };
  const need = new Set(options.need ?? ['prometheus', 'loki', 'tempo']);
  // An API the caller does not use keeps an empty URL rather than requiring a local stack.
  const pick = (api: keyof QueryEndpoints): string => given[api] ?? (need.has(api) ? fallback() : '');
  const endpoints = { prometheus: pick('prometheus'), loki: pick('loki'), tempo: pick('tempo') };
  return { endpoints, token: options.token ?? env['SRCOBS_TOKEN'], local };
}
