import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateAlloy, validateAlloyText } from './alloy.js';
import type { Finding } from './types.js';

/** A small valid pipeline the negative cases each break in one place. */
const VALID = `discovery.kubernetes "pods" {
  role = "pod"
}

loki.source.kubernetes "pods" {
  targets    = discovery.kubernetes.pods.targets
  forward_to = [loki.process.pods.receiver]
}

loki.process "pods" {
  forward_to = [loki.write.default.receiver]

  stage.static_labels {
    values = { source = "pod" }
  }

  stage.match {
    selector = "{source=\\"pod\\"} |~ \\"(?i)error\\""

    stage.static_labels {
      values = { level = "error" }
    }
  }
}

loki.write "default" {
  endpoint {
    url = "http://loki.monitoring.svc:3100/loki/api/v1/push"
  }
}
`;

function errors(text: string): Finding[] {
  return validateAlloyText('alloy/config.alloy', text).filter((f) => f.severity === 'error');
}

function only(text: string): Finding {
  const found = errors(text);
  assert.equal(found.length, 1, `expected one error, got:\n${found.map((f) => `${f.path} ${f.message}`).join('\n')}`);
  return found[0]!;
}

test('the valid pipeline has no findings', () => {
  assert.deepEqual(validateAlloyText('alloy/config.alloy', VALID), []);
});

test('an unknown argument is an error naming the nearest real argument, at its line', () => {
  const f = only(VALID.replace('url = "http://loki', 'ulr = "http://loki').replace('  endpoint {', '  endpoint {\n    url = "http://x:3100"'));
  assert.match(f.message, /loki\.write "default" > endpoint: unknown argument `ulr`; did you mean `url`\?/);
  assert.equal(f.path, '29:5');
  assert.equal(f.file, 'alloy/config.alloy');
  assert.equal(f.check, 'alloy');
  // A typo in a required argument also leaves it missing: both are said.
  const [unknown, missing] = errors(VALID.replace('forward_to = [loki.write', 'forward_too = [loki.write'));
  assert.match(unknown!.message, /unknown argument `forward_too`; did you mean `forward_to`\?/);
  assert.match(missing!.message, /loki\.process "pods": missing required argument `forward_to`/);
});

test('an argument written where a block belongs says so', () => {
  const f = errors(VALID.replace('endpoint {\n    url = "http://loki.monitoring.svc:3100/loki/api/v1/push"\n  }', 'endpoint = "http://loki"'));
  assert.ok(f.some((x) => /unknown argument `endpoint` \(`endpoint` is a block: write `endpoint \{ … \}`\)/.test(x.message)), JSON.stringify(f));
});

test('an unknown block names the nearest real block, nested ones included', () => {
  assert.match(only(VALID.replace('  endpoint {', '  endpont {')).message, /loki\.write "default": unknown block `endpont`; did you mean `endpoint`\?/);
  assert.match(only(VALID.replace('stage.static_labels {\n      values = { level', 'stage.static_label {\n      values = { level')).message, /stage\.match: unknown block `stage\.static_label`; did you mean `stage\.static_labels`\?/);
});

test('a missing required argument and a missing required block are errors', () => {
  assert.match(only(VALID.replace('  targets    = discovery.kubernetes.pods.targets\n', '')).message, /loki\.source\.kubernetes "pods": missing required argument `targets` \(list\(map\(string\)\)\)/);
  const otlp = 'otelcol.exporter.otlp "tempo" {\n  timeout = "5s"\n}\n';
  assert.match(only(otlp).message, /missing required block `client`/);
});

test('a dangling reference names the declared component it probably meant', () => {
  const f = only(VALID.replace('forward_to = [loki.write.default.receiver]', 'forward_to = [loki.write.main.receiver]'));
  assert.match(f.message, /`loki\.write\.main\.receiver` refers to loki\.write "main", which is not declared/);
  assert.match(f.fix ?? '', /loki\.write "default" \(loki\.write\.default\.receiver\)/);
  assert.equal(f.path, '11:17');
});

test('a reference to an export the component does not have names the real one', () => {
  const f = only(VALID.replace('loki.write.default.receiver', 'loki.write.default.reciever'));
  assert.match(f.message, /loki\.write has no export `reciever`/);
  assert.equal(f.fix, 'use `loki.write.default.receiver`');
});

test('a reference to an unknown component and an unknown function are errors', () => {
  assert.match(only(VALID.replace('discovery.kubernetes.pods.targets', 'discovery.kubernets.pods.targets')).message, /does not refer to a known component; did you mean `discovery\.kubernetes`\?/);
  assert.match(only(VALID.replace('role = "pod"', 'role = strings.lower("POD")')).message, /unknown function `strings\.lower`/);
  assert.deepEqual(errors(VALID.replace('role = "pod"', 'role = string.to_lower(sys.env("ROLE"))')), [], 'standard-library calls are fine');
});

test('a reference cycle and a self-reference are errors', () => {
  const cycle = `loki.process "a" {
  forward_to = [loki.process.b.receiver]
}

loki.process "b" {
  forward_to = [loki.process.a.receiver]
}
`;
  assert.match(only(cycle).message, /reference cycle: loki\.process\.a -> loki\.process\.b -> loki\.process\.a/);
  assert.match(only('loki.process "self" {\n  forward_to = [loki.process.self.receiver]\n}\n').message, /reference cycle: loki\.process\.self -> loki\.process\.self/);
});

test('the same component label twice is an error; two different labels are fine', () => {
  const twice = `${VALID}\nloki.write "default" {\n  endpoint {\n    url = "http://other:3100/loki/api/v1/push"\n  }\n}\n`;
  const f = only(twice);
  assert.match(f.message, /component loki\.write "default" is declared twice \(first at line 26\)/);
  assert.deepEqual(errors(twice.replace(/loki\.write "default" \{\n  endpoint \{\n    url = "http:\/\/other/, 'loki.write "other" {\n  endpoint {\n    url = "http://other')), []);
});

test('an unknown component names the nearest known one; a component without a label is an error', () => {
  const [unknown, dangling] = errors(VALID.replace('loki.process "pods" {', 'loki.proces "pods" {'));
  assert.match(unknown!.message, /unknown component `loki\.proces`; did you mean `loki\.process`\?/);
  assert.match(dangling!.message, /refers to loki\.process "pods", which is not declared/);
  assert.match(only('discovery.kubernetes {\n  role = "pod"\n}\n').message, /component `discovery\.kubernetes` needs a label/);
});

test('a block that may appear once, set twice, is an error; repeatable blocks are not', () => {
  assert.match(only(VALID.replace('  endpoint {', '  wal {\n    enabled = true\n  }\n\n  wal {\n    enabled = false\n  }\n\n  endpoint {')).message, /block `wal` may appear only once/);
  assert.deepEqual(errors(VALID.replace('  endpoint {', '  endpoint {\n    url = "http://second:3100/loki/api/v1/push"\n  }\n\n  endpoint {')), []);
});

test('literal values of the wrong type are errors', () => {
  assert.match(only(VALID.replace('role = "pod"', 'role = true')).message, /`role` expects a string, got `true`/);
  const limiter = 'otelcol.processor.memory_limiter "m" {\n  check_interval = "1 second"\n  output { }\n}\n';
  assert.match(only(limiter).message, /"1 second" is not a duration/);
  assert.match(only(VALID.replace('forward_to = [loki.process.pods.receiver]', 'forward_to = ["loki.process.pods.receiver"]')).message, /expects a LogsReceiver \(an export of another component\), got the string/);
});

test('stage.match selectors must be LogQL stream selectors with line filters only', () => {
  const broken = only(VALID.replace('selector = "{source=\\"pod\\"} |~', 'selector = "{source=\\"pod\\" |~'));
  assert.match(broken.message, /stage\.match: LogQL syntax error at character/);
  assert.match(only(VALID.replace('|~ \\"(?i)error\\""', '| json"')).message, /`\| json` is not a line filter/);
  assert.match(only(VALID.replace('selector = "{source=\\"pod\\"}', 'selector = "{source=~\\".*\\"}')).message, /no matcher that rejects an empty value/);
});

test('a log source whose lines reach Loki without a static source label is an error', () => {
  const f = only(VALID.replace('values = { source = "pod" }', 'values = { cluster = "x" }'));
  assert.match(f.message, /loki\.source\.kubernetes\.pods reaches loki\.write\.default without a static `source` label/);
});

test('a syntax error is one finding with its line and column, and the other checks do not run', () => {
  const findings = validateAlloyText('alloy/config.alloy', 'loki.write "default" {\n  endpoint {\n    url = "http://x\n  }\n}\n');
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.path, '3:11');
  assert.match(findings[0]!.message, /not valid Alloy syntax: string literal not terminated/);
});

test('validateAlloy checks only alloy files and names each one', async () => {
  const findings = await validateAlloy(
    [
      { path: 'alloy/good.alloy', kind: 'alloy', content: VALID },
      { path: 'alloy/bad.alloy', kind: 'alloy', content: VALID.replace('role = "pod"', 'rol = "pod"') },
      { path: 'values/loki.yaml', kind: 'helm-values', content: 'role: nonsense = [\n' },
    ],
    { vendorDir: '' },
  );
  assert.deepEqual(
    findings.map((f) => [f.file, f.path]),
    [
      ['alloy/bad.alloy', '2:3'],
      ['alloy/bad.alloy', '1:1'],
    ],
  );
  assert.match(findings[0]!.message, /unknown argument `rol`; did you mean `role`\?/);
  assert.match(findings[1]!.message, /missing required argument `role`/);
});
