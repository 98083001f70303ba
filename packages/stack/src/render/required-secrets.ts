import type { AlertReceiver, ObjectStorageConfig, StackConfig } from '../config/types.js';

/** A Secret the user creates before `up`: the rendered files only ever reference it. */
export interface RequiredSecret {
  readonly namespace: string;
  readonly name: string;
  /** The keys the stack reads from it. */
  readonly keys: readonly string[];
  /** Who reads it, for the person creating it. */
  readonly usedBy: readonly string[];
  /** `tls` for a certificate Secret (`kubectl create secret tls`), else `generic`. */
  readonly type: 'generic' | 'tls';
}

function bucketKeys(storage: ObjectStorageConfig): string[] {
  switch (storage.type) {
    case 's3':
      return ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
    case 'gcs':
      return ['key.json'];
    case 'azure':
      return ['AZURE_ACCOUNT_KEY'];
  }
}

function receiverRefs(r: AlertReceiver): { name: string; key: string }[] {
  switch (r.type) {
    case 'slack':
      return [r.webhookSecret];
    case 'email':
      return r.passwordSecret ? [r.passwordSecret] : [];
    case 'webhook':
      return [r.urlSecret];
    case 'pagerduty':
      return [r.routingKeySecret];
  }
}

/**
 * Every Secret the rendered stack reads and nothing creates: Grafana's admin login (E5), the
 * Gateway's certificate, bucket credentials, alert receiver credentials. One entry per Secret,
 * its keys merged, sorted by namespace and name.
 */
export function requiredSecrets(config: StackConfig): RequiredSecret[] {
  const monitoring = config.namespaces.monitoring;
  const byId = new Map<string, { namespace: string; name: string; keys: Set<string>; usedBy: Set<string>; type: 'generic' | 'tls' }>();
  const add = (namespace: string, name: string, keys: readonly string[], usedBy: string, type: 'generic' | 'tls' = 'generic') => {
    const id = `${namespace}/${name}`;
    const entry = byId.get(id) ?? { namespace, name, keys: new Set<string>(), usedBy: new Set<string>(), type };
    keys.forEach((k) => entry.keys.add(k));
    entry.usedBy.add(usedBy);
    byId.set(id, entry);
  };
  const admin = config.grafana.adminSecret;
  add(monitoring, admin.name, [admin.userKey, admin.passwordKey], 'Grafana admin login');
  if (config.gateway.enabled) add(config.gateway.namespace, config.gateway.tlsSecretName, ['tls.crt', 'tls.key'], `TLS certificate for ${config.grafana.host}`, 'tls');
  if (config.loki.mode !== 'Monolithic' && config.loki.objectStorage.credentialsSecret) add(monitoring, config.loki.objectStorage.credentialsSecret, bucketKeys(config.loki.objectStorage), 'Loki bucket credentials');
  if (config.tempo.objectStorage?.credentialsSecret) add(monitoring, config.tempo.objectStorage.credentialsSecret, bucketKeys(config.tempo.objectStorage), 'Tempo bucket credentials');
  for (const r of config.alerting.receivers) for (const ref of receiverRefs(r)) add(monitoring, ref.name, [ref.key], `alert receiver ${r.name}`);
  return [...byId.values()]
    .map((e) => ({ namespace: e.namespace, name: e.name, keys: [...e.keys], usedBy: [...e.usedBy], type: e.type }))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** The command that creates a Secret, with placeholders for the values (never real ones). */
export function createSecretCommand(secret: RequiredSecret): string {
  if (secret.type === 'tls') return `kubectl create secret tls ${secret.name} --namespace ${secret.namespace} --cert=<cert.pem> --key=<key.pem>`;
  const from = secret.keys.map((k) => (k.endsWith('.json') ? `--from-file=${k}=<path to ${k}>` : `--from-literal=${k}=<${k}>`));
  return `kubectl create secret generic ${secret.name} --namespace ${secret.namespace} ${from.join(' ')}`;
}
