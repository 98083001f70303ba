/**
 * The typed audit events a service writes through the SDK, one type per OLA category it can
 * produce. They are the fields of the JSON log line; the SDK adds `ola_category`, `event`, the
 * trace context and the service name. Nothing here may carry a secret: there is no field for a
 * password, a token, a cookie or a request body, on purpose.
 */

/** `auth_access`: login, logout, token issue/refresh, permission denied. */
export interface AuthEvent {
  readonly action: 'login' | 'logout' | 'token_issue' | 'token_refresh' | 'permission_denied';
  readonly outcome: 'success' | 'failure';
  /** Who tried: a user name or a client id, never a credential. */
  readonly principal: string;
  /** How: `password`, `oidc`, `api_key`, `mtls` … (the mechanism, not its secret). */
  readonly method: string;
  /** Why it failed, in words for a person: `bad password`, `expired token`. */
  readonly reason?: string;
}

/** `network_security`: rate limited, blocked, TLS failure. */
export interface SecurityEvent {
  readonly kind: 'rate_limited' | 'blocked' | 'tls_failure' | 'suspicious_input';
  readonly source_ip: string;
  readonly detail?: string;
}

/** `endpoint_user_activity`: what a user did to which thing. */
export interface UserActivityEvent {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
}

/** `api_data_access`: a read or write of business data. */
export interface DataAccessEvent {
  readonly actor: string;
  readonly resource: string;
  readonly operation: 'read' | 'list' | 'create' | 'update' | 'delete' | 'export';
  /** How many records the operation touched. */
  readonly records: number;
}

/** `api_data_access`: one HTTP request served, as the SDK's access log writes it. */
export interface HttpAccessEvent {
  readonly route: string;
  readonly method: string;
  readonly status_code: number;
  readonly duration_ms: number;
  /** The authenticated principal, when the service knows it; never the credential itself. */
  readonly actor?: string;
  readonly client_ip?: string;
}

/** The `event` field of each audit line, so a query can pick one kind of event. */
export const AUDIT_EVENT_NAMES = {
  auth: 'auth',
  security: 'security',
  userActivity: 'user_activity',
  dataAccess: 'data_access',
  httpAccess: 'http_access',
} as const;
