import type { StackConfig } from '../../config/types.js';
import type { RuleFile } from '../../rules/types.js';
import { prometheusSelectedLabels } from './labels.js';

/** The rule groups as a PrometheusRule, which the operator loads into Prometheus. */
export function prometheusRuleObject(config: StackConfig, rules: RuleFile): Record<string, unknown> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'srcobs-rules', namespace: config.namespaces.monitoring, labels: prometheusSelectedLabels(config) },
    spec: { groups: rules.groups },
  };
}
