// Differential test of the OLA classification: the `loki.process` stages @srcobs/ola gives the
// Alloy renderer (a regex that reads an embedded category, then `stage.match` blocks whose
// selectors are LogQL selectors with line filters) run over a corpus with this LogQL engine, must
// put every line in the category createClassifier() (what the local stack runs at ingest) gives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLASSIFICATION_RULES, createClassifier, OLA_LABEL, olaLokiProcessStages, type StageBlock } from '@srcobs/ola';
import type { Labels } from '../../model/labels.js';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { createLogQLEngine } from './eval/engine.js';
import { compileRe2 } from './syntax/regex.js';

interface Sample {
  readonly labels: Labels;
  readonly line: string;
}

const AUDIT = (o: Record<string, unknown>): string => JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', ...o });

/** Lines from every source, written to hit each rule, its near misses, and the embedded/label paths. */
const CORPUS: readonly Sample[] = [
  // API server audit log.
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'get', objectRef: { resource: 'pods' }, responseStatus: { code: 403 } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'list', user: { username: 'system:anonymous' }, responseStatus: { code: 200 } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'get', impersonatedUser: { username: 'bob' }, responseStatus: { code: 200 } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'get', objectRef: { resource: 'pods' }, responseStatus: { code: 401 } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'get', objectRef: { resource: 'pods' }, responseStatus: { code: 4013 } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'create', objectRef: { resource: 'pods', subresource: 'exec' }, responseStatus: { code: 101 } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'create', objectRef: { resource: 'pods', subresource: 'portforward' } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'get', objectRef: { resource: 'secrets', name: 'db' }, responseStatus: { code: 200 } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'watch', objectRef: { resource: 'configmaps' } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'patch', objectRef: { resource: 'deployments' } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'deletecollection', objectRef: { resource: 'events' } }) },
  { labels: { source: 'apiserver-audit' }, line: AUDIT({ verb: 'get', objectRef: { resource: 'pods' }, responseStatus: { code: 200 } }) },
  // Gateway access logs (JSON and text), with and without users, allowed and denied.
  { labels: { source: 'pod', app: 'envoy' }, line: '{"method":"GET","path":"/api","response_code":403,"duration":3}' },
  { labels: { source: 'pod', app: 'envoy-gateway' }, line: '{"method":"GET","path":"/api","response_code":"401","x-user-id":"u1"}' },
  { labels: { source: 'pod', app: 'gateway' }, line: '[2024-01-01T00:00:00Z] "GET /orders HTTP/1.1" 403 - 0 12 3 "-" "curl/8"' },
  { labels: { source: 'pod', app: 'envoy' }, line: '{"method":"GET","path":"/api","response_code":200}' },
  { labels: { source: 'pod', app: 'envoy' }, line: '{"method":"GET","path":"/api","response_code":200,"user_id":"alice"}' },
  { labels: { source: 'pod', app: 'envoy' }, line: '{"method":"POST","response_code":4031,"client_id":"svc-1"}' },
  { labels: { source: 'pod', app: 'envoy' }, line: '[2024-01-01T00:00:00Z] "GET / HTTP/1.1" 200 - x-client-id=abc' },
  { labels: { source: 'pod', app: 'envoy-proxy' }, line: '{"response_code":403}' },
  // Grafana authentication events (case-insensitive rules).
  { labels: { source: 'pod', app: 'grafana' }, line: 'logger=authn.service t=2024 level=info msg="user authenticated"' },
  { labels: { source: 'pod', app: 'grafana' }, line: 'level=info msg="Successful Login" user=admin' },
  { labels: { source: 'pod', app: 'grafana' }, line: 'level=warn msg="INVALID USERNAME OR PASSWORD"' },
  { labels: { source: 'pod', app: 'grafana' }, line: 'logger=sqlstore msg="migrations completed"' },
  // Node journal.
  { labels: { source: 'journal', unit: 'sshd.service' }, line: 'Accepted publickey for core from 10.0.0.1' },
  { labels: { source: 'journal', unit: 'sudo' }, line: 'core : TTY=pts/0 ; COMMAND=/bin/ls' },
  { labels: { source: 'journal', unit: 'systemd-logind.service' }, line: 'New session 3 of user core.' },
  { labels: { source: 'journal', transport: 'kernel' }, line: 'IPTables-Dropped: IN=eth0 SRC=1.2.3.4' },
  { labels: { source: 'journal', unit: 'kubelet.service' }, line: 'Started pod sandbox' },
  { labels: { source: 'journal', unit: 'xsshd.service' }, line: 'not sshd' },
  // Network flows and Kubernetes events.
  { labels: { source: 'pod', app: 'hubble-relay' }, line: '{"verdict":"DROPPED","drop_reason":"POLICY_DENIED"}' },
  { labels: { source: 'pod', app: 'cilium-agent' }, line: 'Policy verdict log: flow 0x1 local EP ID 1' },
  { labels: { source: 'pod', app: 'hubble-ui' }, line: 'serving on :8081' },
  { labels: { source: 'kubernetes-events' }, line: 'type=Warning reason=FailedCreatePodSandBox message="network plugin not ready: cni config uninitialized"' },
  { labels: { source: 'kubernetes-events' }, line: 'type=warning reason=x message="x509: certificate has expired"' },
  { labels: { source: 'kubernetes-events' }, line: 'type=Normal reason=Pulled message="network image pulled"' },
  { labels: { source: 'kubernetes-events' }, line: 'type=Warning reason=OOMKilled message="container killed"' },
  // Producers that know the category (the SDK embeds it), real or not.
  { labels: { source: 'pod', app: 'test-app' }, line: '{"level":"info","ola_category":"auth_access","msg":"login ok"}' },
  { labels: { source: 'otlp', service_name: 'test-app' }, line: '{"msg":"order","ola_category":"api_data_access"}' },
  { labels: { source: 'pod', app: 'test-app' }, line: '{"ola_category":"not_a_category","msg":"x"}' },
  { labels: { source: 'pod', app: 'envoy' }, line: '{"ola_category":"bogus","response_code":403}' },
  { labels: { source: 'pod', app: 'envoy' }, line: '{"ola_category":"endpoint_user_activity","response_code":403}' },
  // A category already on the stream: believed when real, replaced by the rules when not.
  { labels: { source: 'pod', app: 'test-app', ola_category: 'network_security' }, line: 'anything' },
  { labels: { source: 'apiserver-audit', ola_category: 'nope' }, line: AUDIT({ verb: 'update', objectRef: { resource: 'services' } }) },
  // Everything else.
  { labels: { source: 'push', job: 'batch' }, line: 'job finished' },
  { labels: { source: 'otlp', service_name: 'trace-app' }, line: 'GET /slow 200' },
  { labels: { source: 'pod', app: 'test-app' }, line: '' },
];

function attr(block: StageBlock, name: string): unknown {
  return block.attributes.find(([k]) => k === name)?.[1];
}

/** Runs one `stage.match` selector over the current lines with the LogQL engine: the ids it selects. */
async function selectorMatches(selector: string, current: ReadonlyMap<number, { labels: Record<string, string>; line: string }>): Promise<Set<number>> {
  const store = createInMemoryStore();
  // Each line its own stream (an id label), so the engine's answer names the lines that matched.
  await store.appendLogs({ streams: [...current].map(([id, s]) => ({ labels: { ...s.labels, corpus_id: String(id) }, entries: [{ tsNs: 1n, line: s.line }] })) });
  const engine = createLogQLEngine({ reader: store.logs });
  const r = engine.rangeQuery({ query: selector, startNs: 0n, endNs: 10n, stepNs: 1n, limit: 5000, direction: 'forward' });
  assert.equal(r.value.resultType, 'streams');
  return new Set(r.value.resultType === 'streams' ? r.value.result.map((s) => Number(s.labels['corpus_id'])) : []);
}

/** Alloy's `loki.process` over the corpus: the regex and labels stages, then each match with its nested stages. */
async function alloyPipeline(stages: readonly StageBlock[], corpus: readonly Sample[]): Promise<Map<number, Record<string, string>>> {
  const current = new Map(corpus.map((s, i) => [i, { labels: { ...s.labels } as Record<string, string>, line: s.line }]));
  const extracted = new Map<number, Record<string, string>>(corpus.map((_s, i) => [i, {}]));
  for (const stage of stages) {
    if (stage.name === 'stage.regex') {
      const re = compileRe2(String(attr(stage, 'expression')));
      for (const [id, s] of current) {
        const m = re.exec(s.line);
        if (m?.groups) Object.assign(extracted.get(id)!, m.groups);
      }
    } else if (stage.name === 'stage.labels') {
      const values = attr(stage, 'values') as Record<string, string>;
      for (const [id, s] of current) {
        for (const [label, source] of Object.entries(values)) {
          const v = extracted.get(id)![source === '' ? label : source];
          if (v !== undefined) s.labels[label] = v;
        }
      }
    } else if (stage.name === 'stage.match') {
      const selected = await selectorMatches(String(attr(stage, 'selector')), current);
      for (const id of selected) {
        const s = current.get(id)!;
        for (const inner of stage.blocks) {
          if (inner.name === 'stage.label_drop') for (const l of attr(inner, 'values') as string[]) delete s.labels[l];
          else if (inner.name === 'stage.static_labels') Object.assign(s.labels, attr(inner, 'values') as Record<string, string>);
          else assert.fail(`unexpected nested stage ${inner.name}`);
        }
      }
    } else assert.fail(`unexpected stage ${stage.name}: extend this simulation`);
  }
  return new Map([...current].map(([id, s]) => [id, s.labels]));
}

test('the Alloy loki.process stages, run by the LogQL engine, classify every corpus line as createClassifier() does', async () => {
  const classify = createClassifier();
  const result = await alloyPipeline(olaLokiProcessStages(), CORPUS);
  const mismatches: string[] = [];
  CORPUS.forEach((s, i) => {
    const want = classify({ labels: s.labels, line: s.line });
    const got = result.get(i)![OLA_LABEL];
    if (got !== want.category) mismatches.push(`${JSON.stringify(s.labels)} ${JSON.stringify(s.line)}: Alloy stages ${got}, classifier ${want.category} (${want.decidedBy})`);
  });
  assert.deepEqual(mismatches, []);
});

test('the corpus reaches every classification rule, the embedded category, the label and the default', () => {
  const classify = createClassifier();
  const decided = new Set(CORPUS.map((s) => classify({ labels: s.labels, line: s.line }).decidedBy));
  for (const rule of CLASSIFICATION_RULES) assert.ok(decided.has(rule.id), `no corpus line is classified by rule ${rule.id}`);
  for (const path of ['embedded', 'label', 'default']) assert.ok(decided.has(path), `no corpus line takes the ${path} path`);
});
