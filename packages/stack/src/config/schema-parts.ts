import * as z from 'zod';
import { DEFAULT_METRICS_PATH, DEFAULT_SCRAPE_INTERVAL } from './defaults.js';
import { dnsLabel, dnsSubdomain, nonEmpty, promDuration, taggedUnion, wholeNumber } from './fields.js';
import { closedObject } from './issues.js';

/*
 * The list-shaped and reference parts of the config schema (buckets, services, alert receivers),
 * kept apart from the top-level shape in `schema.ts`.
 */

/** Keys users reach for when they mean a Secret reference: the hint says what to write. */
const CREDENTIAL_HINTS = (secretKey: string): Record<string, string> =>
  Object.fromEntries(
    ['accessKeyId', 'secretAccessKey', 'access_key_id', 'secret_access_key', 'accountKey', 'account_key', 'serviceAccountJson', 'password', 'token', 'key'].map((k) => [
      k,
      `credentials never go in the config: create a Secret and write ${secretKey}: "<secret name>" (or use workload identity)`,
    ]),
  );

export const secretKeyRef = closedObject(
  {
    name: dnsSubdomain('alert-receivers').describe('Name of the Secret, in the monitoring namespace.'),
    key: nonEmpty('write the key inside the Secret, e.g. "url"').describe('Key inside the Secret.'),
  },
  { example: '{ name: "alert-receivers", key: "url" }' },
).describe('A key of an existing Kubernetes Secret: how the config names a credential without holding it.');

const s3 = closedObject(
  {
    type: z.literal('s3'),
    bucket: nonEmpty('write the bucket name, e.g. "my-loki-chunks"'),
    region: nonEmpty('write the bucket\'s region, e.g. "eu-west-1"'),
    endpoint: nonEmpty('write the S3 endpoint host, e.g. "s3.eu-west-1.amazonaws.com", or leave it out for AWS').optional(),
    credentialsSecret: dnsSubdomain('loki-s3-credentials')
      .optional()
      .describe('Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; leave out to use workload identity (IRSA).'),
  },
  { example: '{ type: "s3", bucket: "logs", region: "eu-west-1" }', hints: CREDENTIAL_HINTS('credentialsSecret') },
);
const gcs = closedObject(
  {
    type: z.literal('gcs'),
    bucket: nonEmpty('write the bucket name, e.g. "my-loki-chunks"'),
    credentialsSecret: dnsSubdomain('loki-gcs-credentials')
      .optional()
      .describe('Secret with a `key.json` service-account key; leave out to use workload identity.'),
  },
  { example: '{ type: "gcs", bucket: "logs" }', hints: CREDENTIAL_HINTS('credentialsSecret') },
);
const azure = closedObject(
  {
    type: z.literal('azure'),
    container: nonEmpty('write the blob container name, e.g. "loki"'),
    accountName: nonEmpty('write the storage account name'),
    credentialsSecret: dnsSubdomain('loki-azure-credentials')
      .optional()
      .describe('Secret with AZURE_ACCOUNT_KEY; leave out to use workload identity.'),
  },
  { example: '{ type: "azure", container: "loki", accountName: "myaccount" }', hints: CREDENTIAL_HINTS('credentialsSecret') },
);

/** The user's bucket for Loki (Distributed, SimpleScalable) or tempo-distributed. */
export const objectStorageSchema = taggedUnion('type', ['s3', 'gcs', 'azure'], [s3, gcs, azure], '{ type: "s3", bucket: "logs", region: "eu-west-1" }').describe(
  'Object storage: credentials come from a Secret (credentialsSecret) or workload identity, never from the config.',
);


/** One service to monitor (E16: its Service and ServiceMonitor are rendered from this). */
export const serviceSchema = closedObject(
  {
    name: dnsLabel('my-service').describe('Service name (also the Deployment name when `deploy` is set).'),
    namespace: dnsLabel('playground').optional().describe('Namespace of the Service; default: namespaces.playground.'),
    port: wholeNumber(1, 65_535, 'write the container port that serves HTTP, e.g. 3000'),
    metricsPath: nonEmpty('write the HTTP path of the metrics endpoint, e.g. "/metrics"').default(DEFAULT_METRICS_PATH),
    scrapeInterval: promDuration(DEFAULT_SCRAPE_INTERVAL).default(DEFAULT_SCRAPE_INTERVAL),
    deploy: closedObject(
      {
        image: nonEmpty('write a container image, e.g. "srcobs/test-app:0.1.0"'),
        replicas: wholeNumber(0, 100, 'write a whole number of replicas, e.g. 1').default(1),
        env: z.record(z.string(), z.string({ error: () => 'environment values are strings: quote them' })).optional(),
      },
      { example: '{ image: "srcobs/test-app:0.1.0", replicas: 1 }', hints: { secretEnv: 'secrets never go in the config: reference a Secret from your own Deployment' } },
    )
      .optional()
      .describe('Render a Deployment for it too (the playground apps); leave out for services you deploy yourself.'),
  },
  { example: '{ name: "test-app", port: 3000 }', hints: { metrics_path: 'did you mean "metricsPath"?', interval: 'did you mean "scrapeInterval"?' } },
);

const receiverName = nonEmpty('write a name for the receiver, e.g. "oncall"');
/** An Alertmanager receiver; every credential is a Secret reference. */
export const receiverSchema = taggedUnion(
  'type',
  ['slack', 'email', 'webhook', 'pagerduty'],
  [
    closedObject(
      { type: z.literal('slack'), name: receiverName, channel: nonEmpty('write the channel, e.g. "#alerts"'), webhookSecret: secretKeyRef },
      { example: '{ type: "slack", name: "oncall", channel: "#alerts", webhookSecret: { name: "alert-receivers", key: "slack-url" } }', hints: { webhookUrl: 'the webhook URL is a secret: write webhookSecret: { name: "<secret>", key: "<key>" }', api_url: 'the webhook URL is a secret: write webhookSecret: { name: "<secret>", key: "<key>" }' } },
    ),
    closedObject(
      {
        type: z.literal('email'),
        name: receiverName,
        to: nonEmpty('write the address to send to'),
        smarthost: nonEmpty('write the SMTP server as host:port, e.g. "smtp.example.com:587"'),
        from: nonEmpty('write the sender address'),
        passwordSecret: secretKeyRef.optional(),
      },
      { example: '{ type: "email", name: "ops", to: "ops@example.com", smarthost: "smtp.example.com:587", from: "alertmanager@example.com" }', hints: { password: 'the SMTP password is a secret: write passwordSecret: { name: "<secret>", key: "<key>" }' } },
    ),
    closedObject(
      { type: z.literal('webhook'), name: receiverName, urlSecret: secretKeyRef },
      { example: '{ type: "webhook", name: "hook", urlSecret: { name: "alert-receivers", key: "url" } }', hints: { url: 'webhook URLs often carry tokens: write urlSecret: { name: "<secret>", key: "<key>" }' } },
    ),
    closedObject(
      { type: z.literal('pagerduty'), name: receiverName, routingKeySecret: secretKeyRef },
      { example: '{ type: "pagerduty", name: "pd", routingKeySecret: { name: "alert-receivers", key: "pagerduty" } }', hints: { routingKey: 'the routing key is a secret: write routingKeySecret: { name: "<secret>", key: "<key>" }' } },
    ),
  ],
  '{ type: "slack", name: "oncall", channel: "#alerts", webhookSecret: { name: "alert-receivers", key: "slack-url" } }',
);

