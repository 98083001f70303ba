import type { RawComponent } from './types.js';

// Transcribed from the Arguments, Blocks and Exported fields tables of each component's page in
// ../shared/reference/alloy/components/ (Alloy v1.18.1). `repeatable` comes from the pages' prose;
// ../components.test.ts re-reads every page and fails on any difference.

/** `prometheus.operator.servicemonitors`: ../shared/reference/alloy/components/prometheus.operator.servicemonitors.md */
export const PROMETHEUS_OPERATOR_SERVICEMONITORS: RawComponent = {
  name: 'prometheus.operator.servicemonitors',
  args: [
    'forward_to: list(MetricsReceiver)!', 'allow_arbitrary_file_access: bool', 'informer_sync_timeout: duration',
    'kubernetes_role: string', 'namespaces: list(string)',
  ],
  blocks: [
    {
      name: 'client',
      args: [
        'api_server: string', 'bearer_token_file: string', 'bearer_token: secret', 'enable_http2: bool',
        'follow_redirects: bool', 'http_headers: map(list(secret))', 'kubeconfig_file: string', 'no_proxy: string',
        'proxy_connect_header: map(list(secret))', 'proxy_from_environment: bool', 'proxy_url: string',
      ],
      blocks: [
        { name: 'authorization', shared: 'reference/components/authorization-block.md' },
        { name: 'basic_auth', shared: 'reference/components/basic-auth-block.md' },
        {
          name: 'oauth2',
          shared: 'reference/components/oauth2-block.md',
          blocks: [
            { name: 'tls_config', shared: 'reference/components/tls-config-block.md' },
          ],
        },
        { name: 'tls_config', shared: 'reference/components/tls-config-block.md' },
      ],
    },
    { name: 'clustering', args: ['enabled: bool!'] },
    { name: 'rule', repeatable: true, shared: 'reference/components/rule-block.md' },
    { name: 'scrape', shared: 'reference/components/prom-operator-scrape.md' },
    {
      name: 'selector',
      args: ['match_labels: map(string)'],
      blocks: [
        {
          name: 'match_expression',
          repeatable: true,
          args: ['key: string!', 'operator: string!', 'values: list(string)'],
        },
      ],
    },
  ],
  exports: [],
};

/** `prometheus.remote_write`: ../shared/reference/alloy/components/prometheus.remote_write.md */
export const PROMETHEUS_REMOTE_WRITE: RawComponent = {
  name: 'prometheus.remote_write',
  args: ['external_labels: map(string)'],
  blocks: [
    {
      name: 'endpoint',
      repeatable: true,
      args: [
        'url: string!', 'bearer_token_file: string', 'bearer_token: secret', 'enable_http2: bool',
        'follow_redirects: bool', 'http_headers: map(list(secret))', 'headers: map(string)', 'name: string',
        'no_proxy: string', 'protobuf_message: string', 'proxy_connect_header: map(list(secret))',
        'proxy_from_environment: bool', 'proxy_url: string', 'remote_timeout: duration', 'round_robin_dns: bool',
        'send_exemplars: bool', 'send_native_histograms: bool',
      ],
      blocks: [
        { name: 'authorization', shared: 'reference/components/authorization-block.md' },
        {
          name: 'azuread',
          shared: 'reference/components/azuread-block.md',
          blocks: [
            {
              name: 'managed_identity',
              required: true,
              shared: 'reference/components/azure-managed_identity-block.md',
            },
            { name: 'oauth', required: true, shared: 'reference/components/azure-oauth-block.md' },
            { name: 'sdk', required: true, shared: 'reference/components/azuread-sdk.md' },
            {
              name: 'workload_identity',
              required: true,
              shared: 'reference/components/azure-workload_identity-block.md',
            },
          ],
        },
        { name: 'basic_auth', shared: 'reference/components/basic-auth-block.md' },
        { name: 'google_iam', args: ['credentials_file: string'] },
        {
          name: 'metadata_config',
          args: ['max_samples_per_send: number', 'send_interval: duration', 'send: bool'],
        },
        {
          name: 'oauth2',
          shared: 'reference/components/oauth2-block.md',
          blocks: [
            { name: 'tls_config', shared: 'reference/components/tls-config-block.md' },
          ],
        },
        {
          name: 'queue_config',
          args: [
            'batch_send_deadline: duration', 'capacity: number', 'max_backoff: duration',
            'max_samples_per_send: number', 'max_shards: number', 'min_backoff: duration', 'min_shards: number',
            'retry_on_http_429: bool', 'sample_age_limit: duration',
          ],
        },
        { name: 'sigv4', shared: 'reference/components/sigv4-block.md' },
        { name: 'tls_config', shared: 'reference/components/tls-config-block.md' },
        {
          name: 'write_relabel_config',
          repeatable: true,
          shared: 'reference/components/write_relabel_config.md',
        },
      ],
    },
    {
      name: 'wal',
      args: [
        'truncate_frequency: duration', 'min_keepalive_time: duration', 'max_keepalive_time: duration',
      ],
    },
  ],
  exports: ['receiver: MetricsReceiver'],
};

/** `prometheus.scrape`: ../shared/reference/alloy/components/prometheus.scrape.md */
export const PROMETHEUS_SCRAPE: RawComponent = {
  name: 'prometheus.scrape',
  args: [
    'forward_to: list(MetricsReceiver)!', 'targets: list(map(string))!', 'bearer_token_file: string',
    'bearer_token: secret', 'body_size_limit: int', 'convert_classic_histograms_to_nhcb: bool',
    'start_timestamp_zero_ingestion: bool', 'enable_compression: bool', 'enable_http2: bool',
    'enable_protobuf_negotiation: bool', 'enable_type_and_unit_labels: bool', 'extra_metrics: bool',
    'follow_redirects: bool', 'http_headers: map(list(secret))', 'honor_labels: bool', 'honor_timestamps: bool',
    'honor_metadata: bool', 'job_name: string', 'label_limit: uint', 'label_name_length_limit: uint',
    'label_value_length_limit: uint', 'metric_name_escaping_scheme: string', 'metric_name_validation_scheme: string',
    'metrics_path: string', 'native_histogram_bucket_limit: uint', 'native_histogram_min_bucket_factor: float64',
    'no_proxy: string', 'params: map(list(string))', 'proxy_connect_header: map(list(secret))',
    'proxy_from_environment: bool', 'proxy_url: string', 'sample_limit: uint', 'scheme: string',
    'scrape_classic_histograms: bool', 'scrape_failure_log_file: string', 'scrape_fallback_protocol: string',
    'scrape_interval: duration', 'scrape_native_histograms: bool', 'scrape_protocols: list(string)',
    'scrape_timeout: duration', 'target_limit: uint', 'track_timestamps_staleness: bool',
  ],
  blocks: [
    { name: 'authorization', shared: 'reference/components/authorization-block.md' },
    { name: 'basic_auth', shared: 'reference/components/basic-auth-block.md' },
    { name: 'clustering', args: ['enabled: bool!'] },
    {
      name: 'oauth2',
      shared: 'reference/components/oauth2-block.md',
      blocks: [
        { name: 'tls_config', shared: 'reference/components/tls-config-block.md' },
      ],
    },
    { name: 'tls_config', shared: 'reference/components/tls-config-block.md' },
  ],
  exports: [],
};
