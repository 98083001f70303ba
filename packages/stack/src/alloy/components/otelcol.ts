import type { RawComponent } from './types.js';

// Transcribed from the Arguments, Blocks and Exported fields tables of each component's page in
// ../shared/reference/alloy/components/ (Alloy v1.18.1). `repeatable` comes from the pages' prose;
// ../components.test.ts re-reads every page and fails on any difference.

/** `otelcol.receiver.otlp`: ../shared/reference/alloy/components/otelcol.receiver.otlp.md */
export const OTELCOL_RECEIVER_OTLP: RawComponent = {
  name: 'otelcol.receiver.otlp',
  blocks: [
    { name: 'output', required: true, shared: 'reference/components/output-block.md' },
    { name: 'debug_metrics', shared: 'reference/components/otelcol-debug-metrics-block.md' },
    {
      name: 'grpc',
      args: [
        'auth: capsule(otelcol.Handler)', 'endpoint: string', 'include_metadata: bool',
        'max_concurrent_streams: number', 'max_recv_msg_size: string', 'read_buffer_size: string',
        'transport: string', 'write_buffer_size: string',
      ],
      blocks: [
        {
          name: 'keepalive',
          blocks: [
            { name: 'enforcement_policy', args: ['min_time: duration', 'permit_without_stream: boolean'] },
            {
              name: 'server_parameters',
              args: [
                'max_connection_age_grace: duration', 'max_connection_age: duration', 'max_connection_idle: duration',
                'time: duration', 'timeout: duration',
              ],
            },
          ],
        },
        {
          name: 'tls',
          shared: 'reference/components/otelcol-tls-server-block.md',
          blocks: [
            { name: 'tpm', shared: 'reference/components/otelcol-tls-tpm-block.md' },
          ],
        },
      ],
    },
    {
      name: 'http',
      args: [
        'auth: capsule(otelcol.Handler)', 'compression_algorithms: list(string)', 'endpoint: string',
        'idle_timeout: duration', 'include_metadata: bool', 'keep_alives_enabled: boolean', 'logs_url_path: string',
        'max_request_body_size: string', 'metrics_url_path: string', 'read_header_timeout: duration',
        'read_timeout: duration', 'traces_url_path: string', 'write_timeout: duration',
      ],
      blocks: [
        {
          name: 'cors',
          args: [
            'allowed_origins: list(string)', 'allowed_headers: list(string)', 'exposed_headers: list(string)',
            'max_age: number',
          ],
        },
        {
          name: 'tls',
          shared: 'reference/components/otelcol-tls-server-block.md',
          blocks: [
            { name: 'tpm', shared: 'reference/components/otelcol-tls-tpm-block.md' },
          ],
        },
      ],
    },
  ],
  exports: [],
};

/** `otelcol.processor.batch`: ../shared/reference/alloy/components/otelcol.processor.batch.md */
export const OTELCOL_PROCESSOR_BATCH: RawComponent = {
  name: 'otelcol.processor.batch',
  args: [
    'metadata_cardinality_limit: number', 'metadata_keys: list(string)', 'send_batch_max_size: number',
    'send_batch_size: number', 'timeout: duration',
  ],
  blocks: [
    { name: 'output', required: true, shared: 'reference/components/output-block.md' },
    { name: 'debug_metrics', shared: 'reference/components/otelcol-debug-metrics-block.md' },
  ],
  exports: ['input: otelcol.Consumer'],
};

/** `otelcol.processor.k8sattributes`: ../shared/reference/alloy/components/otelcol.processor.k8sattributes.md */
export const OTELCOL_PROCESSOR_K8SATTRIBUTES: RawComponent = {
  name: 'otelcol.processor.k8sattributes',
  args: [
    'auth_type: string', 'passthrough: bool', 'wait_for_metadata_timeout: duration', 'wait_for_metadata: bool',
    'watch_sync_period: duration', 'pod_delete_grace_period: duration',
  ],
  blocks: [
    { name: 'output', required: true, shared: 'reference/components/output-block.md' },
    { name: 'debug_metrics', shared: 'reference/components/otelcol-debug-metrics-block.md' },
    {
      name: 'exclude',
      blocks: [
        { name: 'pod', repeatable: true, args: ['name: string!'] },
      ],
    },
    {
      name: 'extract',
      args: [
        'deployment_name_from_replicaset: bool', 'metadata: list(string)', 'otel_annotations: bool',
      ],
      blocks: [
        { name: 'annotation', repeatable: true, shared: 'reference/components/extract-field-block.md' },
        { name: 'label', repeatable: true, shared: 'reference/components/extract-field-block.md' },
      ],
    },
    {
      name: 'filter',
      args: ['node: string', 'namespace: string'],
      blocks: [
        { name: 'field', repeatable: true, shared: 'reference/components/field-filter-block.md' },
        { name: 'label', repeatable: true, shared: 'reference/components/field-filter-block.md' },
      ],
    },
    {
      name: 'pod_association',
      repeatable: true,
      blocks: [
        { name: 'source', repeatable: true, args: ['from: string!', 'name: string'] },
      ],
    },
  ],
  exports: ['input: otelcol.Consumer'],
};

/** `otelcol.processor.memory_limiter`: ../shared/reference/alloy/components/otelcol.processor.memory_limiter.md */
export const OTELCOL_PROCESSOR_MEMORY_LIMITER: RawComponent = {
  name: 'otelcol.processor.memory_limiter',
  args: [
    'check_interval: duration!', 'limit_percentage: int', 'limit: string', 'spike_limit_percentage: int',
    'spike_limit: string',
  ],
  blocks: [
    { name: 'output', required: true, shared: 'reference/components/output-block.md' },
    { name: 'debug_metrics', shared: 'reference/components/otelcol-debug-metrics-block.md' },
  ],
  exports: ['input: otelcol.Consumer'],
};

/** `otelcol.connector.servicegraph`: ../shared/reference/alloy/components/otelcol.connector.servicegraph.md */
export const OTELCOL_CONNECTOR_SERVICEGRAPH: RawComponent = {
  name: 'otelcol.connector.servicegraph',
  args: [
    'cache_loop: duration', 'database_name_attribute: string', 'database_name_attributes: list(string)',
    'dimensions: list(string)', 'exponential_histogram_max_size: list(string)',
    'latency_histogram_buckets: list(duration)', 'metrics_flush_interval: duration',
    'store_expiration_loop: duration', 'virtual_node_extra_label: bool', 'virtual_node_peer_attributes: list(string)',
  ],
  blocks: [
    { name: 'output', required: true, shared: 'reference/components/output-block-metrics.md' },
    { name: 'debug_metrics', shared: 'reference/components/otelcol-debug-metrics-block.md' },
    { name: 'store', args: ['max_items: number', 'ttl: duration'] },
  ],
  exports: ['input: otelcol.Consumer'],
};

/** `otelcol.connector.spanmetrics`: ../shared/reference/alloy/components/otelcol.connector.spanmetrics.md */
export const OTELCOL_CONNECTOR_SPANMETRICS: RawComponent = {
  name: 'otelcol.connector.spanmetrics',
  args: [
    'aggregation_temporality: string', 'dimensions_cache_size: number', 'exclude_dimensions: list(string)',
    'metric_timestamp_cache_size: number', 'metrics_expiration: duration', 'metrics_flush_interval: duration',
    'namespace: string', 'resource_metrics_cache_size: number', 'resource_metrics_key_attributes: list(string)',
    'series_expiration: duration', 'aggregation_cardinality_limit: number',
    'include_instrumentation_scope: list(string)', 'include_collector_instance_id: bool',
  ],
  blocks: [
    {
      name: 'histogram',
      required: true,
      args: ['disable: bool', 'unit: string'],
      blocks: [
        { name: 'dimension', repeatable: true, args: ['name: string', 'default: string', 'glob: string'] },
        { name: 'explicit', args: ['buckets: list(duration)'] },
        { name: 'exponential', args: ['max_size: number'] },
      ],
    },
    { name: 'output', required: true, shared: 'reference/components/output-block-metrics.md' },
    { name: 'calls_dimension', repeatable: true },
    { name: 'debug_metrics', shared: 'reference/components/otelcol-debug-metrics-block.md' },
    { name: 'dimension', repeatable: true, args: ['name: string', 'default: string', 'glob: string'] },
    {
      name: 'events',
      args: ['enabled: bool'],
      blocks: [
        { name: 'dimension', repeatable: true, args: ['name: string', 'default: string', 'glob: string'] },
      ],
    },
    { name: 'exemplars', args: ['enabled: bool', 'max_per_data_point: number'] },
  ],
  exports: ['input: otelcol.Consumer'],
};

/** `otelcol.exporter.loki`: ../shared/reference/alloy/components/otelcol.exporter.loki.md */
export const OTELCOL_EXPORTER_LOKI: RawComponent = {
  name: 'otelcol.exporter.loki',
  args: ['forward_to: list(receiver)!'],
  exports: ['input: otelcol.Consumer'],
};

/** `otelcol.exporter.otlp`: ../shared/reference/alloy/components/otelcol.exporter.otlp.md */
export const OTELCOL_EXPORTER_OTLP: RawComponent = {
  name: 'otelcol.exporter.otlp',
  args: ['timeout: duration'],
  blocks: [
    {
      name: 'client',
      required: true,
      args: [
        'endpoint: string!', 'auth: capsule(otelcol.Handler)', 'authority: string', 'balancer_name: string',
        'compression: string', 'headers: map(string)', 'read_buffer_size: string', 'wait_for_ready: boolean',
        'write_buffer_size: string',
      ],
      blocks: [
        {
          name: 'keepalive',
          args: [
            'ping_wait: duration', 'ping_response_timeout: duration', 'ping_without_stream: boolean',
          ],
        },
        {
          name: 'tls',
          shared: 'reference/components/otelcol-tls-client-block.md',
          blocks: [
            { name: 'tpm', shared: 'reference/components/otelcol-tls-tpm-block.md' },
          ],
        },
      ],
    },
    { name: 'debug_metrics', shared: 'reference/components/otelcol-debug-metrics-block.md' },
    { name: 'retry_on_failure', shared: 'reference/components/otelcol-retry-block.md' },
    {
      name: 'sending_queue',
      shared: 'reference/components/otelcol-queue-block.md',
      blocks: [
        { name: 'batch', shared: 'reference/components/otelcol-queue-batch-block.md' },
      ],
    },
  ],
  exports: ['input: otelcol.Consumer'],
};

/** `otelcol.exporter.otlphttp`: ../shared/reference/alloy/components/otelcol.exporter.otlphttp.md */
export const OTELCOL_EXPORTER_OTLPHTTP: RawComponent = {
  name: 'otelcol.exporter.otlphttp',
  args: [
    'encoding: string', 'logs_endpoint: string', 'metrics_endpoint: string', 'traces_endpoint: string',
  ],
  blocks: [
    {
      name: 'client',
      required: true,
      shared: 'reference/components/otelcol-http-client-block.md',
      blocks: [
        {
          name: 'compression_params',
          shared: 'reference/components/otelcol-compression-params-client-block.md',
        },
        { name: 'cookies', shared: 'reference/components/otelcol-cookies-client-block.md' },
        {
          name: 'tls',
          shared: 'reference/components/otelcol-tls-client-block.md',
          blocks: [
            { name: 'tpm', shared: 'reference/components/otelcol-tls-tpm-block.md' },
          ],
        },
      ],
    },
    { name: 'debug_metrics', shared: 'reference/components/otelcol-debug-metrics-block.md' },
    { name: 'retry_on_failure', shared: 'reference/components/otelcol-retry-block.md' },
    {
      name: 'sending_queue',
      shared: 'reference/components/otelcol-queue-block.md',
      blocks: [
        { name: 'batch', shared: 'reference/components/otelcol-queue-batch-block.md' },
      ],
    },
  ],
  exports: ['input: otelcol.Consumer'],
};

/** `otelcol.exporter.prometheus`: ../shared/reference/alloy/components/otelcol.exporter.prometheus.md */
export const OTELCOL_EXPORTER_PROMETHEUS: RawComponent = {
  name: 'otelcol.exporter.prometheus',
  args: [
    'forward_to: list(MetricsReceiver)!', 'add_metric_suffixes: bool', 'convert_classic_histograms_to_nhcb: bool',
    'start_timestamp_zero_ingestion: bool', 'gc_frequency: duration', 'honor_metadata: bool',
    'include_scope_info: bool', 'include_scope_labels: bool', 'include_target_info: bool',
    'keep_identifying_resource_attributes: bool', 'resource_to_telemetry_conversion: bool',
  ],
  blocks: [
    { name: 'debug_metrics', shared: 'reference/components/otelcol-debug-metrics-block.md' },
  ],
  exports: ['input: otelcol.Consumer'],
};
