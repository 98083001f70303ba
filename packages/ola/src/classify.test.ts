import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClassifier } from './classify.js';
import { CLASSIFICATION_RULES } from './rules.js';
import type { OlaCategory } from './categories.js';

const audit = (fields: Record<string, unknown>) =>
  JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', stage: 'ResponseComplete', ...fields });

interface Case {
  name: string;
  labels: Record<string, string>;
  line: string;
  metadata?: Record<string, string>;
  want: OlaCategory;
  by?: string;
}

const cases: Case[] = [
  { name: 'SDK line names its category', labels: { source: 'pod' }, line: '{"level":"info","ola_category":"auth_access","event":"auth"}', want: 'auth_access', by: 'embedded' },
  { name: 'label wins over the line', labels: { source: 'otlp', ola_category: 'api_data_access' }, line: '{"ola_category":"auth_access"}', want: 'api_data_access', by: 'label' },
  { name: 'OTLP attribute is believed', labels: { source: 'otlp' }, line: 'user logged in', metadata: { ola_category: 'endpoint_user_activity' }, want: 'endpoint_user_activity', by: 'metadata' },
  { name: 'unknown embedded category is ignored', labels: { source: 'pod' }, line: '{"ola_category":"bogus"}', want: 'system_application', by: 'default' },
  {
    name: 'audit 403 is auth_access',
    labels: { source: 'apiserver-audit' },
    line: audit({ verb: 'get', user: { username: 'bob' }, objectRef: { resource: 'pods' }, responseStatus: { metadata: {}, code: 403 } }),
    want: 'auth_access',
    by: 'audit-auth-decision',
  },
  {
    name: 'anonymous request is auth_access',
    labels: { source: 'apiserver-audit' },
    line: audit({ verb: 'get', user: { username: 'system:anonymous' }, responseStatus: { code: 200 } }),
    want: 'auth_access',
  },
  {
    name: 'exec into a pod is endpoint_user_activity',
    labels: { source: 'apiserver-audit' },
    line: audit({ verb: 'create', user: { username: 'alice' }, objectRef: { resource: 'pods', subresource: 'exec' }, responseStatus: { code: 101 } }),
    want: 'endpoint_user_activity',
    by: 'audit-session',
  },
  {
    name: 'reading a secret is api_data_access',
    labels: { source: 'apiserver-audit' },
    line: audit({ verb: 'get', user: { username: 'alice' }, objectRef: { resource: 'secrets', name: 'db' }, responseStatus: { code: 200 } }),
    want: 'api_data_access',
    by: 'audit-sensitive-read',
  },
  {
    name: 'any write verb is api_data_access',
    labels: { source: 'apiserver-audit' },
    line: audit({ verb: 'patch', user: { username: 'alice' }, objectRef: { resource: 'deployments' }, responseStatus: { code: 200 } }),
    want: 'api_data_access',
    by: 'audit-write',
  },
  {
    name: 'reading pods is system_application',
    labels: { source: 'apiserver-audit' },
    line: audit({ verb: 'list', user: { username: 'alice' }, objectRef: { resource: 'pods' }, responseStatus: { code: 200 } }),
    want: 'system_application',
    by: 'default',
  },
  { name: 'gateway 401 is auth_access', labels: { source: 'pod', app: 'envoy' }, line: '{"method":"GET","response_code":401,"path":"/"}', want: 'auth_access', by: 'gateway-denied' },
  { name: 'gateway 200 is network_security', labels: { source: 'pod', app: 'envoy' }, line: '{"method":"GET","response_code":200}', want: 'network_security', by: 'gateway-access' },
  { name: 'gateway with a user id is endpoint_user_activity', labels: { source: 'pod', app: 'envoy' }, line: '{"method":"GET","response_code":200,"user_id":"u-42"}', want: 'endpoint_user_activity', by: 'gateway-user' },
  { name: 'grafana failed login', labels: { source: 'pod', app: 'grafana' }, line: 'logger=authn.service level=warn msg="Failed to authenticate request"', want: 'auth_access', by: 'grafana-login' },
  { name: 'grafana other log', labels: { source: 'pod', app: 'grafana' }, line: 'logger=sqlstore level=info msg="Connecting to DB"', want: 'system_application' },
  { name: 'certificate warning event', labels: { source: 'kubernetes-events' }, line: 'type=Warning reason=Failed msg="x509: certificate has expired"', want: 'network_security', by: 'event-network-warning' },
  { name: 'normal event', labels: { source: 'kubernetes-events' }, line: 'type=Normal reason=Scheduled msg="Successfully assigned"', want: 'system_application' },
  { name: 'hubble drop verdict', labels: { source: 'pod', app: 'hubble-relay' }, line: '{"flow":{"verdict":"DROPPED","drop_reason_desc":"POLICY_DENIED"}}', want: 'network_security', by: 'network-flow' },
  { name: 'kernel message', labels: { source: 'journal', transport: 'kernel' }, line: 'nf_conntrack: table full, dropping packet', want: 'network_security', by: 'journal-kernel' },
  { name: 'sshd login', labels: { source: 'journal', unit: 'sshd.service' }, line: 'Accepted publickey for admin', want: 'auth_access', by: 'journal-auth' },
  { name: 'kubelet journal', labels: { source: 'journal', unit: 'kubelet.service' }, line: 'Started pod', want: 'system_application' },
  { name: 'audit-shaped line from a pod is not audit', labels: { source: 'pod', app: 'test-app' }, line: audit({ verb: 'delete', responseStatus: { code: 403 } }), want: 'system_application' },
];

const classify = createClassifier();
for (const c of cases) {
  test(`classify: ${c.name}`, () => {
    const got = classify({ labels: c.labels, line: c.line, ...(c.metadata ? { metadata: c.metadata } : {}) });
    assert.equal(got.category, c.want);
    if (c.by) assert.equal(got.decidedBy, c.by);
  });
}

test('every rule is exercised by a case', () => {
  const used = new Set(cases.map((c) => classify({ labels: c.labels, line: c.line }).decidedBy));
  const missing = CLASSIFICATION_RULES.map((r) => r.id).filter((id) => !used.has(id));
  assert.deepEqual(missing, [], `rules without a test case: ${missing.join(', ')}`);
});

test('rule ids are unique', () => {
  const ids = CLASSIFICATION_RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
});

test('a rule with a bad regex fails when the classifier is built, naming the rule', () => {
  assert.throws(
    () => createClassifier([{ id: 'broken', category: 'auth_access', source: 'pod', lineMatches: ['(unclosed'], description: 'x' }]),
    /rule broken/,
  );
});
