import { DEFAULT_RETENTION_DAYS, OLA_CATEGORIES } from '@srcobs/ola';
import type { ConfigIssue } from '../errors.js';
import type { StackConfig } from './types.js';

/*
 * Rules that span fields. Each check declares the top-level keys it reads; `parseConfig` runs it
 * whenever those keys are valid on their own, so a config with a typo elsewhere still gets these
 * errors in the same run (every error at once).
 */

/** A cross-field rule over the top-level keys it names. */
export interface CrossCheck {
  readonly name: string;
  readonly reads: readonly (keyof StackConfig)[];
  readonly run: (config: StackConfig) => ConfigIssue[];
}

const olaNeedsPersistentLogs: CrossCheck = {
  name: 'ola-retention-needs-persistent-storage',
  reads: ['loki', 'storage', 'retention'],
  run: (c) => {
    // Object storage (Distributed, SimpleScalable) is persistent by nature.
    if (c.loki.mode !== 'Monolithic' || c.storage.loki.persistent !== false) return [];
    const long = OLA_CATEGORIES.filter((cat) => c.retention.logsDays[cat] > 1);
    if (long.length === 0) return [];
    const list = long.map((cat) => `${cat} ${c.retention.logsDays[cat]}d`).join(', ');
    return [
      {
        path: 'storage.loki.persistent',
        problem: `false (emptyDir) loses every log on restart, but the OLA retention asks for more than one day (${list}; ../shared/ola.md "Retention")`,
        fix: 'write storage.loki.persistent: true, or loki: { mode: "Distributed", objectStorage: { ... } }',
      },
    ];
  },
};

const tempoStorageMatchesMode: CrossCheck = {
  name: 'tempo-storage-matches-mode',
  reads: ['tempo'],
  run: (c) => {
    const out: ConfigIssue[] = [];
    const distributed = c.tempo.mode === 'distributed';
    if (distributed && !c.tempo.objectStorage) {
      out.push({ path: 'tempo.objectStorage', problem: 'is required when tempo.mode is "distributed" (tempo-distributed keeps blocks in a bucket)', fix: 'write objectStorage: { type: "s3", bucket: "traces", region: "eu-west-1" } (or gcs/azure), or tempo.mode: "monolithic"' });
    }
    if (distributed && !c.tempo.kafka) {
      out.push({ path: 'tempo.kafka', problem: 'is required when tempo.mode is "distributed": tempo-distributed 3.x ingests through Kafka', fix: 'write kafka: { address: "kafka.kafka.svc:9092", partitions: 3 }, or tempo.mode: "monolithic"' });
    }
    if (!distributed && c.tempo.objectStorage) {
      out.push({ path: 'tempo.objectStorage', problem: 'is only used by tempo.mode "distributed"; monolithic Tempo keeps blocks on its PVC', fix: 'remove tempo.objectStorage, or write tempo.mode: "distributed"' });
    }
    if (!distributed && c.tempo.kafka) {
      out.push({ path: 'tempo.kafka', problem: 'is only used by tempo.mode "distributed"', fix: 'remove tempo.kafka, or write tempo.mode: "distributed"' });
    }
    return out;
  },
};

const namespacesDiffer: CrossCheck = {
  name: 'namespaces-differ',
  reads: ['namespaces'],
  run: (c) =>
    c.namespaces.monitoring === c.namespaces.playground
      ? [{ path: 'namespaces.playground', problem: `is the same as namespaces.monitoring ("${c.namespaces.monitoring}"), so the NetworkPolicies cannot tell the stack from the services`, fix: 'write a different namespace, e.g. "playground"' }]
      : [],
};

const uniqueServices: CrossCheck = {
  name: 'unique-services',
  reads: ['namespaces', 'services'],
  run: (c) => duplicates(c.services.map((s) => `${s.namespace}/${s.name}`)).map((i) => ({ path: `services[${i}].name`, problem: `"${c.services[i]?.name}" is already listed in namespace "${c.services[i]?.namespace}"`, fix: 'give each service a unique name per namespace, or remove the duplicate' })),
};

const uniqueReceivers: CrossCheck = {
  name: 'unique-receivers',
  reads: ['alerting'],
  run: (c) => duplicates(c.alerting.receivers.map((r) => r.name)).map((i) => ({ path: `alerting.receivers[${i}].name`, problem: `"${c.alerting.receivers[i]?.name}" is already a receiver name`, fix: 'give each receiver a unique name' })),
};

/** Indexes of the entries that repeat an earlier one. */
function duplicates(keys: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  keys.forEach((k, i) => (seen.has(k) ? out.push(i) : seen.add(k)));
  return out;
}

/** Every cross-field rule, in the order their errors are listed. */
export const CROSS_CHECKS: readonly CrossCheck[] = [namespacesDiffer, olaNeedsPersistentLogs, tempoStorageMatchesMode, uniqueServices, uniqueReceivers];

/**
 * Things that work but deserve a word: the CLI prints them, they never fail a config.
 * @example configWarnings(config).forEach((w) => console.warn(`${w.path}: ${w.problem}: ${w.fix}`))
 */
export function configWarnings(c: StackConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  if (c.loki.mode === 'SimpleScalable') {
    out.push({ path: 'loki.mode', problem: '"SimpleScalable" is deprecated in chart 18.11.0 and removed in Loki 4', fix: 'plan a move to "Distributed" (same object storage)' });
  }
  for (const cat of OLA_CATEGORIES) {
    const days = c.retention.logsDays[cat];
    if (days < DEFAULT_RETENTION_DAYS[cat]) {
      out.push({ path: `retention.logsDays.${cat}`, problem: `${days} days is below the OLA minimum of ${DEFAULT_RETENTION_DAYS[cat]}: srcobs audit will report it out of compliance`, fix: `write ${DEFAULT_RETENTION_DAYS[cat]} or more` });
    }
  }
  if (c.tempo.metricsGenerator && c.tracesPath === 'alloy') {
    out.push({ path: 'tempo.metricsGenerator', problem: "true while Alloy's connectors also write span metrics", fix: 'keep one producer of span metrics: write false (Alloy does it), or accept duplicated series' });
  }
  return out;
}
