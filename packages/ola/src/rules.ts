import type { OlaCategory } from './categories.js';
import type { LogSource } from './sources.js';

/**
 * One classification rule. A line matches when its `source` label equals {@link source}, every
 * label matcher in {@link labels} matches (anchored, as Loki and Prometheus anchor them), every
 * pattern in {@link lineMatches} is found in the line and none of {@link lineExcludes} is.
 *
 * Patterns are written in the common subset of RE2 (what Loki and Alloy run) and JavaScript
 * regular expressions (what the local stack runs): no look-around, no back-references, no inline
 * flags. Case-insensitivity is {@link ignoreCase}, which each side spells its own way.
 */
export interface ClassificationRule {
  /** Stable id, used in tests, in the audit report and in rendered comments. */
  readonly id: string;
  readonly category: OlaCategory;
  readonly source: LogSource;
  /** Extra stream-label matchers: label name to an anchored regex. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Patterns that must all be found in the line. */
  readonly lineMatches?: readonly string[];
  /** Patterns none of which may be found in the line. */
  readonly lineExcludes?: readonly string[];
  readonly ignoreCase?: boolean;
  /** One sentence for an auditor: what this rule claims and why. */
  readonly description: string;
}

// Kubernetes audit events are JSON written by the API server without spaces, e.g.
// {"verb":"get","objectRef":{"resource":"secrets",...},"responseStatus":{"code":403}}.
const AUDIT_DENIED = '"code":40[13][,}]|"username":"system:anonymous"|"impersonatedUser":\\{';
const AUDIT_SESSION_SUBRESOURCE = '"subresource":"(exec|attach|portforward|proxy)"';
const AUDIT_SENSITIVE_READ = '"verb":"(get|list|watch)".*"resource":"(secrets|configmaps)"';
const AUDIT_WRITE = '"verb":"(create|update|patch|delete|deletecollection)"';
// Envoy Gateway's default JSON access log has "response_code":403; the text format has `" 403 `.
const GATEWAY_DENIED = '"response_code":"?40[13]\\b|" 40[13] ';
const USER_OR_CLIENT_ID = '"(user|client)_id":"[^"]+"|x-(user|client)-id';
const GATEWAY_APPS = 'envoy|envoy-gateway|gateway';

/**
 * The rules, in the order they are tried: the order of the categories in the OLA design
 * (auth_access, network_security, endpoint_user_activity, api_data_access), with
 * system_application taking whatever no rule claims. The first rule that matches decides.
 */
export const CLASSIFICATION_RULES: readonly ClassificationRule[] = [
  {
    id: 'audit-auth-decision',
    category: 'auth_access',
    source: 'apiserver-audit',
    lineMatches: [AUDIT_DENIED],
    description: 'API server audit events that record a 401/403 decision, an anonymous user or impersonation.',
  },
  {
    id: 'gateway-denied',
    category: 'auth_access',
    source: 'pod',
    labels: { app: GATEWAY_APPS },
    lineMatches: [GATEWAY_DENIED],
    description: 'Gateway access log lines whose response was 401 or 403.',
  },
  {
    id: 'grafana-login',
    category: 'auth_access',
    source: 'pod',
    labels: { app: 'grafana' },
    lineMatches: ['logger=(authn|login|oauth|ldap)|successful login|invalid username or password|failed to authenticate'],
    ignoreCase: true,
    description: 'Grafana authentication events: logins, failed logins, token checks.',
  },
  {
    id: 'journal-auth',
    category: 'auth_access',
    source: 'journal',
    labels: { unit: '(sshd|systemd-logind|sudo).*' },
    description: 'Node logins and privilege escalation recorded by sshd, logind and sudo.',
  },
  {
    id: 'gateway-access',
    category: 'network_security',
    source: 'pod',
    labels: { app: GATEWAY_APPS },
    lineExcludes: [USER_OR_CLIENT_ID],
    description: 'Gateway (Envoy) access logs without a user or client id: traffic at the edge.',
  },
  {
    id: 'network-flow',
    category: 'network_security',
    source: 'pod',
    labels: { app: 'hubble.*|cilium.*' },
    lineMatches: ['drop|denied|policy|verdict'],
    ignoreCase: true,
    description: 'Network-policy flow verdicts from Cilium Hubble.',
  },
  {
    id: 'event-network-warning',
    category: 'network_security',
    source: 'kubernetes-events',
    lineMatches: ['type=Warning', 'network|certificate|x509|tls|cni|dns|networkpolicy'],
    ignoreCase: true,
    description: 'Kubernetes Warning events about networking, DNS and certificates.',
  },
  {
    id: 'journal-kernel',
    category: 'network_security',
    source: 'journal',
    labels: { transport: 'kernel' },
    description: 'Kernel messages from the node journal (firewall drops, conntrack, link state).',
  },
  {
    id: 'audit-session',
    category: 'endpoint_user_activity',
    source: 'apiserver-audit',
    lineMatches: [AUDIT_SESSION_SUBRESOURCE],
    description: 'exec, attach, port-forward and proxy sessions into pods and nodes.',
  },
  {
    id: 'gateway-user',
    category: 'endpoint_user_activity',
    source: 'pod',
    labels: { app: GATEWAY_APPS },
    lineMatches: [USER_OR_CLIENT_ID],
    description: 'Gateway access logs that name a user or client id.',
  },
  {
    id: 'audit-sensitive-read',
    category: 'api_data_access',
    source: 'apiserver-audit',
    lineMatches: [AUDIT_SENSITIVE_READ],
    description: 'Reads (get/list/watch) of Secrets and ConfigMaps.',
  },
  {
    id: 'audit-write',
    category: 'api_data_access',
    source: 'apiserver-audit',
    lineMatches: [AUDIT_WRITE],
    description: 'Every write verb on any API resource.',
  },
];
