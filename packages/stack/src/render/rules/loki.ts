import { stringify } from 'yaml';
import type { StackConfig } from '../../config/types.js';
import { lokiRuleFile } from '../../rules/loki-rules.js';
import { SRCOBS_LABELS } from '../grafana/sidecar.js';
import type { RenderedFile } from '../types.js';
import { RENDERED_HEADER, yamlDocuments } from '../yaml-documents.js';

export const LOKI_RULES_FILE = 'loki/rules/srcobs-ola.yaml';
/** The label the loki 18.11.0 chart's rules sidecar watches (`sidecar.rules.label`, any value). */
export const LOKI_RULE_LABEL = 'loki_rule';

/**
 * The Loki ruler rules: as a plain rule file and as a ConfigMap in the monitoring namespace that
 * the Loki chart's rules sidecar writes into the ruler's folder.
 */
export function renderLokiRules(config: StackConfig): RenderedFile[] {
  const body = stringify(lokiRuleFile(config), { lineWidth: 0 });
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'srcobs-loki-rules', namespace: config.namespaces.monitoring, labels: { ...SRCOBS_LABELS, [LOKI_RULE_LABEL]: '1' } },
    data: { 'srcobs-ola.yaml': body },
  };
  return [
    { path: LOKI_RULES_FILE, kind: 'loki-rules', content: `${RENDERED_HEADER}\n${body}` },
    { path: `manifests/${config.namespaces.monitoring}/loki-rules.yaml`, kind: 'manifest', content: yamlDocuments([configMap]) },
  ];
}
