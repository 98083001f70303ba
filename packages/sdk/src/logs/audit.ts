import {
  AUDIT_EVENT_NAMES,
  OLA_LABEL,
  redactSecrets,
  type AuthEvent,
  type DataAccessEvent,
  type HttpAccessEvent,
  type OlaCategory,
  type SecurityEvent,
  type UserActivityEvent,
} from '@srcobs/ola';
import type { LogFields, Logger } from './logger.js';

/** Longest free-text value written (a reason, a detail); longer ones are cut, so a line stays bounded. */
const MAX_TEXT = 256;

/**
 * Typed OLA audit events, one function per category (see `shared/ola.md`). Each writes one log line
 * with `ola_category`, `event` and the event's own fields. Only the fields the event type names
 * are copied: an extra property (a password passed by mistake from JavaScript) is never written.
 *
 * @example
 * ```ts
 * import { audit } from '@srcobs/sdk';
 * audit.auth({ action: 'login', outcome: 'failure', principal: 'alice', method: 'password', reason: 'bad password' });
 * audit.dataAccess({ actor: 'alice', resource: 'orders', operation: 'export', records: 120 });
 * ```
 */
export interface Audit {
  /** `auth_access`: login, logout, token issue/refresh, permission denied. Failures are logged at `warn`. */
  auth(event: AuthEvent): void;
  /** `network_security`: rate limited, blocked, TLS failure, suspicious input. Logged at `warn`. */
  security(event: SecurityEvent): void;
  /** `endpoint_user_activity`: what a user did to which thing. */
  userActivity(event: UserActivityEvent): void;
  /** `api_data_access`: a read or write of business data. */
  dataAccess(event: DataAccessEvent): void;
  /** `api_data_access`: one HTTP request served. The SDK's middleware writes this for every request. */
  httpAccess(event: HttpAccessEvent): void;
}

function text(value: unknown): string {
  const s = typeof value === 'string' ? value : String(value);
  const cut = s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
  return redactSecrets(cut).line;
}

function optional(name: string, value: unknown): LogFields {
  return value === undefined || value === null ? {} : { [name]: text(value) };
}

function fields(event: string, category: OlaCategory, own: LogFields): LogFields {
  return { event, [OLA_LABEL]: category, ...own };
}

/** The audit API over a logger. */
export function createAudit(logger: Logger): Audit {
  return {
    auth(e) {
      const level = e.outcome === 'failure' ? 'warn' : 'info';
      logger[level](`auth ${text(e.action)} ${text(e.outcome)}`, fields(AUDIT_EVENT_NAMES.auth, 'auth_access', {
        action: text(e.action),
        outcome: text(e.outcome),
        principal: text(e.principal),
        method: text(e.method),
        ...optional('reason', e.reason),
      }));
    },
    security(e) {
      logger.warn(`security ${text(e.kind)}`, fields(AUDIT_EVENT_NAMES.security, 'network_security', {
        kind: text(e.kind),
        source_ip: text(e.source_ip),
        ...optional('detail', e.detail),
      }));
    },
    userActivity(e) {
      logger.info(`user ${text(e.action)} ${text(e.target)}`, fields(AUDIT_EVENT_NAMES.userActivity, 'endpoint_user_activity', {
        actor: text(e.actor),
        action: text(e.action),
        target: text(e.target),
      }));
    },
    dataAccess(e) {
      logger.info(`data ${text(e.operation)} ${text(e.resource)}`, fields(AUDIT_EVENT_NAMES.dataAccess, 'api_data_access', {
        actor: text(e.actor),
        resource: text(e.resource),
        operation: text(e.operation),
        records: Number(e.records),
      }));
    },
    httpAccess(e) {
      const level = e.status_code >= 500 ? 'error' : 'info';
      logger[level](`${text(e.method)} ${text(e.route)} ${e.status_code}`, fields(AUDIT_EVENT_NAMES.httpAccess, 'api_data_access', {
        route: text(e.route),
        method: text(e.method),
        status_code: Number(e.status_code),
        duration_ms: Number(e.duration_ms),
        ...optional('actor', e.actor),
        ...optional('client_ip', e.client_ip),
      }));
    },
  };
}
