import type { RawComponent } from './types.js';

// Transcribed from the Arguments, Blocks and Exported fields tables of each component's page in
// ../shared/reference/alloy/components/ (Alloy v1.18.1). `repeatable` comes from the pages' prose;
// ../components.test.ts re-reads every page and fails on any difference.

/** `loki.process`: ../shared/reference/alloy/components/loki.process.md */
export const LOKI_PROCESS: RawComponent = {
  name: 'loki.process',
  args: ['forward_to: list(LogsReceiver)!'],
  blocks: [
    {
      name: 'stage.cri',
      repeatable: true,
      args: [
        'max_partial_line_size_truncate: bool', 'max_partial_line_size: number', 'max_partial_lines: number',
      ],
    },
    { name: 'stage.decolorize', repeatable: true },
    { name: 'stage.docker', repeatable: true },
    {
      name: 'stage.drop',
      repeatable: true,
      args: [
        'drop_counter_reason: string', 'expression: string', 'longer_than: string', 'older_than: duration',
        'separator: string', 'source: string', 'value: string',
      ],
    },
    {
      name: 'stage.eventlogmessage',
      repeatable: true,
      args: ['drop_invalid_labels: bool', 'overwrite_existing: bool', 'source: string'],
    },
    {
      name: 'stage.geoip',
      repeatable: true,
      args: ['db: string!', 'source: string!', 'custom_lookups: map(string)', 'db_type: string'],
    },
    {
      name: 'stage.json',
      repeatable: true,
      args: ['expressions: map(string)', 'regex: string', 'drop_malformed: bool', 'source: string'],
    },
    { name: 'stage.label_drop', repeatable: true, args: ['values: list(string)'] },
    { name: 'stage.label_keep', repeatable: true, args: ['values: list(string)'] },
    { name: 'stage.labels', repeatable: true, args: ['values: map(string)', 'source_type: string'] },
    {
      name: 'stage.limit',
      repeatable: true,
      args: [
        'burst: number!', 'rate: number!', 'by_label_name: string', 'drop: bool', 'max_distinct_labels: number',
      ],
    },
    {
      name: 'stage.logfmt',
      repeatable: true,
      args: ['mapping: map(string)', 'regex: string', 'source: string'],
    },
    {
      name: 'stage.luhn',
      repeatable: true,
      args: [
        'delimiters: string', 'min_length: int', 'replacement: string', 'skip_regex: string', 'source: string',
      ],
    },
    {
      name: 'stage.match',
      repeatable: true,
      nestsComponentBlocks: true,
      args: [
        'selector: string!', 'action: string', 'drop_counter_reason: string', 'pipeline_name: string',
      ],
    },
    {
      name: 'stage.metrics',
      repeatable: true,
      blocks: [
        {
          name: 'metric.counter',
          repeatable: true,
          args: [
            'action: string!', 'name: string!', 'count_entry_bytes: bool', 'description: string', 'match_all: bool',
            'max_idle_duration: duration', 'prefix: string', 'source: string', 'value: string',
          ],
        },
        {
          name: 'metric.gauge',
          repeatable: true,
          args: [
            'action: string!', 'name: string!', 'description: string', 'max_idle_duration: duration',
            'prefix: string', 'source: string', 'value: string',
          ],
        },
        {
          name: 'metric.histogram',
          repeatable: true,
          args: [
            'buckets: list(float)!', 'name: string!', 'description: string', 'max_idle_duration: duration',
            'prefix: string', 'source: string', 'value: string',
          ],
        },
      ],
    },
    {
      name: 'stage.multiline',
      repeatable: true,
      args: [
        'firstline: string!', 'max_lines: number', 'max_wait_time: duration', 'trim_newlines: bool',
      ],
    },
    { name: 'stage.output', repeatable: true, args: ['source: string!'] },
    { name: 'stage.pack', repeatable: true, args: ['labels: list(string)!', 'ingest_timestamp: bool'] },
    {
      name: 'stage.pattern',
      repeatable: true,
      args: ['pattern: string!', 'source: string', 'labels_from_groups: bool'],
    },
    {
      name: 'stage.regex',
      repeatable: true,
      args: ['expression: string!', 'source: string', 'labels_from_groups: bool'],
    },
    {
      name: 'stage.replace',
      repeatable: true,
      args: ['expression: string!', 'replace: string', 'source: string'],
    },
    { name: 'stage.sampling', repeatable: true, args: ['rate: float!', 'drop_counter_reason: string'] },
    { name: 'stage.split_json', repeatable: true, args: ['source: string'] },
    { name: 'stage.static_labels', repeatable: true, args: ['values: map(string)'] },
    { name: 'stage.structured_metadata', repeatable: true, args: ['values: map(string)', 'regex: string'] },
    { name: 'stage.structured_metadata_drop', repeatable: true, args: ['values: list(string)'] },
    { name: 'stage.template', repeatable: true, args: ['source: string!', 'template: string!'] },
    { name: 'stage.tenant', repeatable: true, args: ['label: string', 'source: string', 'value: string'] },
    {
      name: 'stage.timestamp',
      repeatable: true,
      args: [
        'format: string!', 'source: string!', 'action_on_failure: string', 'action_on_duplicate_timestamp: string',
        'fallback_formats: list(string)', 'location: string',
      ],
    },
    {
      name: 'stage.truncate',
      repeatable: true,
      blocks: [
        {
          name: 'rule',
          required: true,
          repeatable: true,
          args: [
            'limit: string!', 'sources: list(string)', 'source_type: string', 'suffix: string',
          ],
        },
      ],
    },
    {
      name: 'stage.windowsevent',
      repeatable: true,
      args: ['source: string', 'drop_invalid_labels: bool', 'overwrite_existing: bool'],
    },
  ],
  exports: ['receiver: LogsReceiver'],
};

/** `loki.relabel`: ../shared/reference/alloy/components/loki.relabel.md */
export const LOKI_RELABEL: RawComponent = {
  name: 'loki.relabel',
  args: ['forward_to: list(receiver)!', 'max_cache_size: int'],
  blocks: [
    { name: 'rule', repeatable: true, shared: 'reference/components/rule-block-logs.md' },
  ],
  exports: ['receiver: receiver', 'rules: RelabelRules'],
};

/** `loki.secretfilter`: ../shared/reference/alloy/components/loki.secretfilter.md */
export const LOKI_SECRETFILTER: RawComponent = {
  name: 'loki.secretfilter',
  stability: 'public-preview',
  args: [
    'forward_to: list(LogsReceiver)!', 'drop_on_timeout: bool', 'gitleaks_config: string', 'label_timed_out: bool',
    'origin_label: string', 'processing_timeout: duration', 'rate: float', 'redact_percent: uint',
    'redact_with: string',
  ],
  exports: ['receiver: LogsReceiver'],
};

/** `loki.write`: ../shared/reference/alloy/components/loki.write.md */
export const LOKI_WRITE: RawComponent = {
  name: 'loki.write',
  args: ['external_labels: map(string)', 'max_streams: int'],
  blocks: [
    {
      name: 'endpoint',
      repeatable: true,
      args: [
        'url: string!', 'batch_size: string', 'batch_wait: duration', 'bearer_token_file: string',
        'bearer_token: secret', 'enable_http2: bool', 'follow_redirects: bool', 'http_headers: map(list(secret))',
        'headers: map(string)', 'max_backoff_period: duration', 'max_backoff_retries: int',
        'min_backoff_period: duration', 'name: string', 'no_proxy: string', 'proxy_connect_header: map(list(secret))',
        'proxy_from_environment: bool', 'proxy_url: string', 'remote_timeout: duration', 'retry_on_http_429: bool',
        'tenant_id: string',
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
        {
          name: 'queue_config',
          args: [
            'block_on_overflow: bool', 'capacity: string', 'drain_timeout: duration', 'min_shards: number',
          ],
        },
        { name: 'tls_config', shared: 'reference/components/tls-config-block.md' },
      ],
    },
    {
      name: 'wal',
      args: [
        'drain_timeout: duration', 'enabled: bool', 'max_read_frequency: duration', 'max_segment_age: duration',
        'min_read_frequency: duration',
      ],
    },
  ],
  exports: ['receiver: LogsReceiver'],
};
