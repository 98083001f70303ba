import type { RawComponent } from './types.js';

// Transcribed from the Arguments, Blocks and Exported fields tables of each component's page in
// ../shared/reference/alloy/components/ (Alloy v1.18.1). `repeatable` comes from the pages' prose;
// ../components.test.ts re-reads every page and fails on any difference.

/** `loki.source.file`: ../shared/reference/alloy/components/loki.source.file.md */
export const LOKI_SOURCE_FILE: RawComponent = {
  name: 'loki.source.file',
  args: [
    'forward_to: list(LogsReceiver)!', 'targets: list(map(string))!', 'encoding: string',
    'legacy_positions_file: string', 'on_positions_file_error: string', 'tail_from_end: bool',
  ],
  blocks: [
    { name: 'decompression', args: ['enabled: bool!', 'format: string!', 'initial_delay: duration'] },
    { name: 'file_match', args: ['enabled: bool', 'ignore_older_than: duration', 'sync_period: duration'] },
    { name: 'file_watch', args: ['max_poll_frequency: duration', 'min_poll_frequency: duration'] },
  ],
  exports: [],
};

/** `loki.source.journal`: ../shared/reference/alloy/components/loki.source.journal.md */
export const LOKI_SOURCE_JOURNAL: RawComponent = {
  name: 'loki.source.journal',
  args: [
    'forward_to: list(LogsReceiver)!', 'format_as_json: bool', 'labels: map(string)', 'matches: string',
    'max_age: duration', 'path: string', 'relabel_rules: RelabelRules',
  ],
  blocks: [
    { name: 'legacy_position', args: ['file: string!', 'name: string!'] },
  ],
  exports: [],
};

/** `loki.source.kubernetes`: ../shared/reference/alloy/components/loki.source.kubernetes.md */
export const LOKI_SOURCE_KUBERNETES: RawComponent = {
  name: 'loki.source.kubernetes',
  args: ['forward_to: list(LogsReceiver)!', 'targets: list(map(string))!'],
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
  ],
  exports: [],
};

/** `loki.source.kubernetes_events`: ../shared/reference/alloy/components/loki.source.kubernetes_events.md */
export const LOKI_SOURCE_KUBERNETES_EVENTS: RawComponent = {
  name: 'loki.source.kubernetes_events',
  args: [
    'forward_to: list(LogsReceiver)!', 'job_name: string', 'log_format: string', 'namespaces: list(string)',
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
  ],
  exports: [],
};
