/**
 * The five log categories the Operational Level Agreement requires to be stored. The value is the
 * `ola_category` stream label: low cardinality on purpose, so Loki indexes it.
 */
export const OLA_CATEGORIES = [
  'auth_access',
  'network_security',
  'system_application',
  'endpoint_user_activity',
  'api_data_access',
] as const;

/** One of the five OLA categories, as written in the `ola_category` label. */
export type OlaCategory = (typeof OLA_CATEGORIES)[number];

/** The label every classified log stream carries. */
export const OLA_LABEL = 'ola_category';

/** The category a line falls into when no rule claims it. */
export const DEFAULT_CATEGORY: OlaCategory = 'system_application';

/** What an auditor reads for each category: its title and where its lines come from. */
export interface OlaCategoryInfo {
  readonly id: OlaCategory;
  readonly title: string;
  /** Where the category's lines come from on Kubernetes. */
  readonly kubernetesSources: readonly string[];
  /** Where the category's lines come from inside a service instrumented with the SDK. */
  readonly serviceSources: readonly string[];
}

/** Titles and sources of each category, in the order classification rules are tried. */
export const OLA_CATEGORY_INFO: Readonly<Record<OlaCategory, OlaCategoryInfo>> = {
  auth_access: {
    id: 'auth_access',
    title: 'Authentication and Access',
    kubernetesSources: [
      'API server audit log: 401/403 decisions, system:anonymous, impersonation',
      'Grafana login events',
      'gateway responses 401/403',
      'node journal: sshd and logind',
    ],
    serviceSources: ['audit.auth(): login, logout, token issue/refresh, permission denied'],
  },
  network_security: {
    id: 'network_security',
    title: 'Network and Security',
    kubernetesSources: [
      'gateway (Envoy) access logs',
      'network-policy flow logs (Cilium Hubble) where the CNI gives them',
      'Kubernetes Warning events about network and certificates',
      'node kernel messages from the journal',
    ],
    serviceSources: ['audit.security(): rate limited, blocked, TLS failure'],
  },
  system_application: {
    id: 'system_application',
    title: 'System and Application',
    kubernetesSources: ['stdout/stderr of every pod', 'Kubernetes events', 'node journal (kubelet, container runtime)'],
    serviceSources: ["the service's own structured logs"],
  },
  endpoint_user_activity: {
    id: 'endpoint_user_activity',
    title: 'Endpoint and User Activity',
    kubernetesSources: [
      'API server audit log: exec, attach, portforward, proxy on pods and nodes',
      'gateway access logs with a user or client id',
    ],
    serviceSources: ['audit.userActivity()'],
  },
  api_data_access: {
    id: 'api_data_access',
    title: 'API and Data Access',
    kubernetesSources: [
      'API server audit log: get/list/watch of Secrets and ConfigMaps, any write verb',
      'HTTP access logs of every service',
    ],
    serviceSources: ["the SDK's HTTP access log", 'audit.dataAccess()'],
  },
};

/** True when `value` is one of the five category ids. */
export function isOlaCategory(value: unknown): value is OlaCategory {
  return typeof value === 'string' && (OLA_CATEGORIES as readonly string[]).includes(value);
}
