import { context, ROOT_CONTEXT, type DiagLogger } from '@opentelemetry/api';
import type { Logger } from '../logs/logger.js';

/**
 * One message (with the message of its error) is written at most once per window: a collector that is down makes the exporter
 * fail every few seconds, and the service's own logs must not drown in that (the drops are
 * counted in `srcobs_sdk_dropped_total` anyway).
 */
const REPEAT_WINDOW_MS = 60_000;
/** Distinct messages remembered; beyond this the oldest is forgotten (bounded memory). */
const MAX_REMEMBERED = 200;

function describe(args: unknown[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const details: string[] = [];
  for (const arg of args) {
    if (arg instanceof Error && fields['err'] === undefined) fields['err'] = arg;
    else if (arg !== undefined) details.push(typeof arg === 'string' ? arg : safeString(arg));
  }
  if (details.length) fields['detail'] = details.join(' ');
  return fields;
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * OpenTelemetry's diagnostics (exporter errors, bad configuration) as the service's own log lines,
 * `component: "otel"`, with repeats suppressed: the one place the SDK's internal errors go.
 */
export function createDiagLogger(logger: Logger, now: () => number = Date.now): DiagLogger {
  const lastSeen = new Map<string, { at: number; suppressed: number }>();
  const log = logger.child({ component: 'otel' });
  const write = (level: 'error' | 'warn' | 'info' | 'debug', message: string, args: unknown[]): void => {
    const t = now();
    const firstError = args.find((a): a is Error => a instanceof Error);
    const key = firstError ? `${message}\u0000${firstError.message}` : message;
    const seen = lastSeen.get(key);
    if (seen && t - seen.at < REPEAT_WINDOW_MS) {
      seen.suppressed++;
      return;
    }
    lastSeen.delete(key);
    if (lastSeen.size >= MAX_REMEMBERED) lastSeen.delete(lastSeen.keys().next().value as string);
    lastSeen.set(key, { at: t, suppressed: 0 });
    const repeats = seen?.suppressed ? { repeated: seen.suppressed } : {};
    // An export runs on a timer that inherited the context of whichever request ended a span:
    // the SDK's own trouble must not appear in that request's trace.
    context.with(ROOT_CONTEXT, () => log[level](message, { ...describe(args), ...repeats }));
  };
  return {
    error: (message, ...args) => write('error', message, args),
    warn: (message, ...args) => write('warn', message, args),
    info: (message, ...args) => write('info', message, args),
    debug: (message, ...args) => write('debug', message, args),
    verbose: (message, ...args) => write('debug', message, args),
  };
}
