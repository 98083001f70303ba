import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { redactSecrets } from '@srcobs/ola';
import { destination, pino, stdSerializers, stdTimeFunctions, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from '../config/options.js';

/** Extra fields of a log line. `err` is serialized as `{ type, message, stack }`. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * A structured logger: one JSON line per call on stdout with `time` (ISO 8601), `level`
 * (`debug`/`info`/`warn`/`error`), `service`, `trace_id` and `span_id` of the active span, the
 * fields, and `msg`.
 *
 * @example
 * ```ts
 * import { logger } from '@srcobs/sdk';
 * logger.info('order placed', { order_id: id, items: 3 });
 * logger.error('payment failed', { err });
 * ```
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose every line also carries `fields` (a component name, a job id). */
  child(fields: LogFields): Logger;
}

/** Where each record also goes besides stdout (the OTLP logs bridge). Must never throw. */
export interface LogSink {
  emit(level: LogLevel, msg: string, fields: LogFields): void;
}

export interface LoggerOptions {
  readonly service: string;
  readonly level: LogLevel;
  readonly destination?: DestinationStream | undefined;
  readonly sink?: LogSink | undefined;
}

/** The trace context of the active span, as log fields (empty outside a span). */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const sc = span.spanContext();
  return isSpanContextValid(sc) ? { trace_id: sc.traceId, span_id: sc.spanId } : {};
}

/** Error fields without secrets an error message may quote (a URL with a token, a header). */
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const s = stdSerializers.err(err);
  return { ...s, message: redactSecrets(s.message).line, stack: s.stack === undefined ? undefined : redactSecrets(s.stack).line };
}

/** Stdout, written synchronously: lines are never lost when the process exits right after logging. */
function stdoutDestination(): DestinationStream {
  const dest = destination({ dest: 1, sync: true });
  // A closed stdout (EPIPE after the parent died) must not crash the service through an unhandled
  // 'error' event: there is nowhere left to report it.
  dest.on('error', () => undefined);
  return dest;
}

class PinoBackedLogger implements Logger {
  constructor(
    private readonly pino: PinoLogger,
    private readonly sink: LogSink | undefined,
    private readonly bound: LogFields,
  ) {}

  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }
  child(fields: LogFields): Logger {
    return new PinoBackedLogger(this.pino.child(fields), this.sink, { ...this.bound, ...fields });
  }

  private write(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // The last line of defence: the SDK's own messages never hold secrets, but a caller's may.
    const safe = redactSecrets(msg).line;
    try {
      if (fields) this.pino[level](fields, safe);
      else this.pino[level](safe);
      this.sink?.emit(level, safe, fields ? { ...this.bound, ...fields } : this.bound);
    } catch {
      // Logging must never break the request that logs (a field that cannot be serialized).
    }
  }
}

/**
 * Builds the logger; `instrument()` does this once. The pino instance underneath writes
 * `level` as a word and `time` as ISO 8601 so that Loki's `| json` and people read the same thing.
 */
export function createLogger(options: LoggerOptions): Logger {
  const instance = pino(
    {
      level: options.level,
      base: { service: options.service },
      messageKey: 'msg',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceFields,
      serializers: { err: serializeError },
    },
    options.destination ?? stdoutDestination(),
  );
  return new PinoBackedLogger(instance, options.sink, {});
}
