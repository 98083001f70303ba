import * as z from 'zod';
import { OLA_CATEGORIES } from '@srcobs/ola';
import type { OlaCategory } from '@srcobs/ola';
import {
  DEFAULT_ALERTING,
  DEFAULT_AUDIT_LOG_PATH,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_GATEWAY,
  DEFAULT_GRAFANA,
  DEFAULT_GRAFANA_ADMIN_SECRET,
  DEFAULT_METRICS_RETENTION,
  DEFAULT_NAMESPACES,
  DEFAULT_RELEASES,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SILENCE_WINDOW,
  DEFAULT_TRACES_RETENTION,
  DEFAULT_VOLUME_SIZES,
} from './defaults.js';
import { dnsLabel, dnsSubdomain, flag, goDuration, nonEmpty, oneOf, positiveNumber, promDuration, promSize, quantity, ratio, taggedUnion, urlPath, wholeNumber } from './fields.js';
import { closedObject, fixError } from './issues.js';
import { objectStorageSchema, receiverSchema, serviceSchema } from './schema-parts.js';

const ADMIN_HINTS: Record<string, string> = Object.fromEntries(
  ['adminPassword', 'adminUser', 'password', 'admin'].map((k) => [k, 'the admin login comes from a Secret (E5): create it and write adminSecret: { name: "grafana-admin" }']),
);

/*
 * The schema of `srcobs.config.ts` / `srcobs.yaml`. Every object is closed (an unknown key is an
 * error naming the nearest real key) and every field has a default, so `{}` is a whole config:
 * the seed's stack, corrected. Cross-field rules live in `checks.ts`; defaults that depend on
 * other fields (a service's namespace) are filled by `resolve.ts`.
 */

const LOKI_EXAMPLE = '{ mode: "Monolithic" }';
/** Loki's deployment mode, with the chart's (18.11.0) deprecated name caught (E7). */
const lokiSchema = taggedUnion(
  'mode',
  ['Monolithic', 'SimpleScalable', 'Distributed'],
  [
    closedObject({ mode: z.literal('Monolithic'), replicas: z.literal(1).default(1).describe('Monolithic with filesystem storage runs exactly one replica.') }, { example: LOKI_EXAMPLE }),
    closedObject({ mode: z.literal('SimpleScalable'), objectStorage: objectStorageSchema }, { example: '{ mode: "SimpleScalable", objectStorage: { ... } }' }),
    closedObject({ mode: z.literal('Distributed'), objectStorage: objectStorageSchema }, { example: '{ mode: "Distributed", objectStorage: { ... } }' }),
  ],
  LOKI_EXAMPLE,
  {
    SingleBinary: { to: 'Monolithic', why: 'is the deprecated name of "Monolithic" in chart 18.11.0' },
    'SimpleScalable<->Distributed': { to: 'Distributed', why: 'is a migration mode of the chart, not a target' },
    Microservices: { to: 'Distributed', why: 'is called "Distributed" in chart 18.11.0' },
  },
)
  .prefault({ mode: 'Monolithic' })
  .describe('Loki deployment: Monolithic (one pod, filesystem PVC) by default; Distributed with your bucket for scale; SimpleScalable (deprecated, removed in Loki 4) on request.');

const volume = (size: string, what: string) =>
  closedObject(
    {
      size: quantity().default(size).describe(`PVC size for ${what}.`),
      persistent: flag('write true (a PersistentVolumeClaim) or false (emptyDir: lost on every restart)')
        .default(true)
        .describe('false uses emptyDir: only for throwaway clusters, and never with log retention above one day.'),
    },
    { example: `{ size: "${size}" }` },
  ).prefault({});

const logsDaysShape = Object.fromEntries(
  OLA_CATEGORIES.map((c) => [c, wholeNumber(1, 36_500, `write a whole number of days, e.g. ${DEFAULT_RETENTION_DAYS[c]} (the OLA minimum)`).default(DEFAULT_RETENTION_DAYS[c])]),
) as Record<OlaCategory, z.ZodDefault<ReturnType<typeof wholeNumber>>>;

const windowsShape = Object.fromEntries(
  OLA_CATEGORIES.map((c) => [c, promDuration(DEFAULT_SILENCE_WINDOW[c]).default(DEFAULT_SILENCE_WINDOW[c])]),
) as Record<OlaCategory, z.ZodDefault<ReturnType<typeof promDuration>>>;

/** The schema of the user's config (everything optional); the output is resolved by `resolve.ts`. */
export const stackConfigSchema = closedObject(
  {
    $schema: z.string().optional().describe('Path or URL of srcobs.schema.json, for editors.'),
    clusterName: dnsSubdomain(DEFAULT_CLUSTER_NAME).default(DEFAULT_CLUSTER_NAME).describe('The `cluster` label on every log stream.'),
    namespaces: closedObject(
      {
        monitoring: dnsLabel(DEFAULT_NAMESPACES.monitoring).default(DEFAULT_NAMESPACES.monitoring),
        playground: dnsLabel(DEFAULT_NAMESPACES.playground).default(DEFAULT_NAMESPACES.playground),
      },
      { example: '{ monitoring: "monitoring", playground: "playground" }' },
    ).prefault({}),
    releases: closedObject(
      {
        // Helm limits release names to 53 characters, so the Services it derives stay within 63.
        kubePrometheusStack: dnsLabel(DEFAULT_RELEASES.kubePrometheusStack, 53).default(DEFAULT_RELEASES.kubePrometheusStack),
        loki: dnsLabel(DEFAULT_RELEASES.loki, 53).default(DEFAULT_RELEASES.loki),
        tempo: dnsLabel(DEFAULT_RELEASES.tempo, 53).default(DEFAULT_RELEASES.tempo),
        alloy: dnsLabel(DEFAULT_RELEASES.alloy, 53).default(DEFAULT_RELEASES.alloy),
        otelCollector: dnsLabel(DEFAULT_RELEASES.otelCollector, 53).default(DEFAULT_RELEASES.otelCollector),
      },
      { example: '{ kubePrometheusStack: "kube-prometheus-stack" }' },
    )
      .prefault({})
      .describe('Helm release names: Service names, the ServiceMonitor `release` label and data-source URLs derive from them.'),
    storage: closedObject(
      {
        storageClassName: dnsSubdomain('nfs-default').optional().describe('StorageClass for every PVC (the seed uses "nfs-default"); leave out for the cluster default.'),
        prometheus: volume(DEFAULT_VOLUME_SIZES.prometheus, 'Prometheus'),
        alertmanager: volume(DEFAULT_VOLUME_SIZES.alertmanager, 'Alertmanager'),
        grafana: volume(DEFAULT_VOLUME_SIZES.grafana, 'Grafana'),
        loki: volume(DEFAULT_VOLUME_SIZES.loki, 'Loki (Monolithic, filesystem)'),
        tempo: volume(DEFAULT_VOLUME_SIZES.tempo, 'Tempo (monolithic)'),
      },
      { example: '{ storageClassName: "nfs-default", loki: { size: "100Gi" } }', hints: { className: 'did you mean "storageClassName"?', storageClass: 'did you mean "storageClassName"?' } },
    ).prefault({}),
    retention: closedObject(
      {
        metrics: promDuration(DEFAULT_METRICS_RETENTION).default(DEFAULT_METRICS_RETENTION).describe('Prometheus TSDB retention.'),
        metricsSize: promSize().optional().describe('Prometheus retentionSize cap, e.g. "45GB".'),
        traces: goDuration(DEFAULT_TRACES_RETENTION).default(DEFAULT_TRACES_RETENTION).describe('Tempo block retention (a Go duration: hours, not days).'),
        logsDays: closedObject(logsDaysShape, { example: '{ auth_access: 365 }' }).prefault({}).describe('Days of log retention per OLA category.'),
      },
      { example: '{ metrics: "30d", traces: "336h" }' },
    ).prefault({}),
    loki: lokiSchema,
    tempo: closedObject(
      {
        mode: oneOf(['monolithic', 'distributed'], { Monolithic: { to: 'monolithic', why: 'is written in lower case for Tempo' }, Distributed: { to: 'distributed', why: 'is written in lower case for Tempo' } }).default('monolithic'),
        objectStorage: objectStorageSchema.optional(),
        kafka: closedObject(
          {
            address: nonEmpty('write the Kafka bootstrap address, e.g. "kafka.kafka.svc:9092"'),
            partitions: wholeNumber(1, 1000, 'write the topic partition count, e.g. 3').default(3),
          },
          { example: '{ address: "kafka.kafka.svc:9092", partitions: 3 }' },
        )
          .optional()
          .describe('Kafka for tempo-distributed 3.x (required there): distributors write to it, block-builders and live-stores read it.'),
        metricsGenerator: flag('write true to let Tempo write span metrics itself, false to leave it to Alloy (E10)').default(false),
      },
      { example: '{ mode: "monolithic" }' },
    ).prefault({}),
    tracesPath: oneOf(['alloy', 'collector']).default('alloy').describe('app -> Alloy -> Tempo ("alloy") or app -> OTel Collector -> Tempo ("collector").'),
    grafana: closedObject(
      {
        host: dnsSubdomain(DEFAULT_GRAFANA.host).default(DEFAULT_GRAFANA.host).describe('Public host name of Grafana.'),
        path: urlPath().default(DEFAULT_GRAFANA.path).describe('Path Grafana is served under: "/" or a sub-path such as "/grafana" (E4).'),
        adminSecret: closedObject(
          {
            name: dnsSubdomain(DEFAULT_GRAFANA_ADMIN_SECRET.name).default(DEFAULT_GRAFANA_ADMIN_SECRET.name),
            userKey: nonEmpty('write the key holding the user name, e.g. "admin-user"').default(DEFAULT_GRAFANA_ADMIN_SECRET.userKey),
            passwordKey: nonEmpty('write the key holding the password, e.g. "admin-password"').default(DEFAULT_GRAFANA_ADMIN_SECRET.passwordKey),
          },
          { example: '{ name: "grafana-admin" }' },
        )
          .prefault({})
          .describe('The existing Secret (in the monitoring namespace) with the admin login (E5).'),
      },
      { example: '{ host: "grafana.example.com" }', hints: ADMIN_HINTS },
    ).prefault({}),
    gateway: closedObject(
      {
        enabled: flag('write true to expose Grafana through a Gateway, false to skip it').default(DEFAULT_GATEWAY.enabled),
        className: dnsSubdomain(DEFAULT_GATEWAY.className).default(DEFAULT_GATEWAY.className).describe('GatewayClass of the Gateway.'),
        name: dnsSubdomain(DEFAULT_GATEWAY.name).default(DEFAULT_GATEWAY.name),
        namespace: dnsLabel(DEFAULT_GATEWAY.namespace).default(DEFAULT_GATEWAY.namespace),
        create: flag('write true to create the Gateway, false to attach routes to an existing one').default(DEFAULT_GATEWAY.create),
        tlsSecretName: dnsSubdomain(DEFAULT_GATEWAY.tlsSecretName).default(DEFAULT_GATEWAY.tlsSecretName).describe("TLS Secret for grafana.host, in the Gateway's namespace."),
      },
      { example: '{ className: "envoy-gateway-class" }', hints: { gatewayClassName: 'did you mean "className"?' } },
    ).prefault({}),
    logs: closedObject(
      {
        podLogs: flag('write true to tail pod logs through the Kubernetes API').default(true),
        kubernetesEvents: flag('write true to collect Kubernetes events').default(true),
        journal: flag('write true to read the node journal (runs Alloy as a DaemonSet)').default(false),
        apiServerAudit: closedObject(
          {
            mode: oneOf(['off', 'self-managed', 'managed']).default('off'),
            logPath: nonEmpty(`write the API server's --audit-log-path, e.g. "${DEFAULT_AUDIT_LOG_PATH}"`).default(DEFAULT_AUDIT_LOG_PATH),
            provider: oneOf(['eks', 'gke', 'aks', 'other']).optional(),
          },
          { example: '{ mode: "self-managed" }' },
        )
          .prefault({})
          .describe('"self-managed": read the audit log on control-plane nodes; "managed": the cloud keeps it (EKS/GKE/AKS).'),
      },
      { example: '{ journal: true }' },
    ).prefault({}),
    services: z.array(serviceSchema, { error: fixError('write a list of services, e.g. [{ name: "test-app", port: 3000 }]') }).optional().describe('Services to monitor; default: the playground\'s test-app and trace-app.'),
    olaAlertWindows: closedObject(windowsShape, { example: '{ system_application: "15m" }' }).prefault({}).describe('How long each OLA category may be silent before it alerts.'),
    alerting: closedObject(
      {
        receivers: z.array(receiverSchema, { error: fixError('write a list of receivers, e.g. [{ type: "slack", ... }]') }).default([]),
        errorRatio: ratio('write a ratio in (0, 1], e.g. 0.05 for 5 %').default(DEFAULT_ALERTING.errorRatio),
        latencyP99Seconds: positiveNumber('write a number of seconds above 0, e.g. 2.5').default(DEFAULT_ALERTING.latencyP99Seconds),
        pvcFullRatio: ratio('write a ratio in (0, 1], e.g. 0.85').default(DEFAULT_ALERTING.pvcFullRatio),
      },
      { example: '{ errorRatio: 0.05 }' },
    ).prefault({}),
  },
  { example: '{ loki: { mode: "Monolithic" } }' },
);

/** What a user writes: every field optional. Use it to type `srcobs.config.ts` (see `defineConfig`). */
export type StackConfigInput = z.input<typeof stackConfigSchema>;
/** The schema's output, before `resolve.ts` fills the defaults that depend on other fields. */
export type ParsedStackConfig = z.output<typeof stackConfigSchema>;
