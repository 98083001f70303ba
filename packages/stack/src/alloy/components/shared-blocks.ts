/**
 * Arguments of the `docs/shared` pages that component pages include instead of a table. These
 * pages are not in `../shared/reference/alloy` (only the component pages are), so they are
 * transcribed here from grafana/alloy `docs/sources/shared/reference/components/` (the Alloy v1.18
 * line). A block whose shared page is not listed here has its arguments left unchecked, and the
 * validator says so rather than guessing.
 */
const RULE_BLOCK = [
  'action: string',
  'modulus: uint',
  'regex: string',
  'replacement: string',
  'separator: string',
  'source_labels: list(string)',
  'target_label: string',
] as const;

export const SHARED_BLOCK_ARGS: Readonly<Record<string, readonly string[]>> = {
  'reference/components/rule-block.md': RULE_BLOCK,
  'reference/components/rule-block-logs.md': RULE_BLOCK,
  'reference/components/output-block.md': ['logs: list(otelcol.Consumer)', 'metrics: list(otelcol.Consumer)', 'traces: list(otelcol.Consumer)'],
  'reference/components/output-block-metrics.md': ['metrics: list(otelcol.Consumer)'],
  'reference/components/otelcol-debug-metrics-block.md': ['disable_high_cardinality_metrics: boolean', 'level: string'],
  'reference/components/otelcol-tls-client-block.md': [
    'ca_file: string', 'ca_pem: string', 'cert_file: string', 'cert_pem: string', 'insecure_skip_verify: boolean',
    'include_system_ca_certs_pool: boolean', 'insecure: boolean', 'key_file: string', 'key_pem: secret',
    'max_version: string', 'min_version: string', 'cipher_suites: list(string)', 'reload_interval: duration',
    'server_name: string', 'curve_preferences: list(string)',
  ],
};
