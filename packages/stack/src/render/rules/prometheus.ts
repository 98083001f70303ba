import { stringify } from 'yaml';
import type { StackConfig } from '../../config/types.js';
import { prometheusRuleTests } from '../../rules/prometheus-rules-test.js';
import { prometheusRuleFile } from '../../rules/prometheus-rules.js';
import { prometheusRuleObject } from '../manifests/prometheus-rule.js';
import type { RenderedFile } from '../types.js';
import { RENDERED_HEADER, yamlDocuments } from '../yaml-documents.js';

export const PROMETHEUS_RULES_FILE = 'prometheus/srcobs.rules.yaml';
export const PROMETHEUS_RULES_TEST_FILE = 'prometheus/srcobs.rules.test.yaml';

/**
 * The Prometheus alert rules three ways: a plain rule file (what `promtool check rules` reads),
 * its `promtool test rules` unit tests beside it, and the PrometheusRule object that deploys it.
 */
export function renderPrometheusRules(config: StackConfig): RenderedFile[] {
  const rules = prometheusRuleFile(config);
  const ruleFileName = PROMETHEUS_RULES_FILE.split('/').pop() ?? PROMETHEUS_RULES_FILE;
  return [
    { path: PROMETHEUS_RULES_FILE, kind: 'prometheus-rules', content: `${RENDERED_HEADER}\n${stringify(rules, { lineWidth: 0 })}` },
    { path: PROMETHEUS_RULES_TEST_FILE, kind: 'prometheus-rules-test', content: `${RENDERED_HEADER}\n${stringify(prometheusRuleTests(config, ruleFileName), { lineWidth: 0 })}` },
    { path: `manifests/${config.namespaces.monitoring}/prometheus-rules.yaml`, kind: 'manifest', content: yamlDocuments([prometheusRuleObject(config, rules)]) },
  ];
}
