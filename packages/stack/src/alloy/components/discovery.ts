import type { RawComponent } from './types.js';

// Transcribed from the Arguments, Blocks and Exported fields tables of each component's page in
// ../shared/reference/alloy/components/ (Alloy v1.18.1). `repeatable` comes from the pages' prose;
// ../components.test.ts re-reads every page and fails on any difference.

/** `discovery.kubernetes`: ../shared/reference/alloy/components/discovery.kubernetes.md */
export const DISCOVERY_KUBERNETES: RawComponent = {
  name: 'discovery.kubernetes',
  args: [
    'role: string!', 'api_server: string', 'bearer_token_file: string', 'bearer_token: secret', 'enable_http2: bool',
    'follow_redirects: bool', 'http_headers: map(list(secret))', 'kubeconfig_file: string', 'no_proxy: string',
    'proxy_connect_header: map(list(secret))', 'proxy_from_environment: bool', 'proxy_url: string',
  ],
  blocks: [
    { name: 'attach_metadata', args: ['node: bool', 'namespace: bool'] },
    { name: 'authorization', shared: 'reference/components/authorization-block.md' },
    { name: 'basic_auth', shared: 'reference/components/basic-auth-block.md' },
    { name: 'namespaces', args: ['names: list(string)', 'own_namespace: bool'] },
    {
      name: 'oauth2',
      shared: 'reference/components/oauth2-block.md',
      blocks: [
        { name: 'tls_config', shared: 'reference/components/tls-config-block.md' },
      ],
    },
    { name: 'selectors', repeatable: true, args: ['role: string!', 'field: string', 'label: string'] },
    { name: 'tls_config', shared: 'reference/components/tls-config-block.md' },
  ],
  exports: ['targets: list(map(string))'],
};

/** `discovery.relabel`: ../shared/reference/alloy/components/discovery.relabel.md */
export const DISCOVERY_RELABEL: RawComponent = {
  name: 'discovery.relabel',
  args: ['targets: list(map(string))!'],
  blocks: [
    { name: 'rule', repeatable: true, shared: 'reference/components/rule-block.md' },
  ],
  exports: ['output: list(map(string))', 'rules: RelabelRules'],
};

/** `local.file_match`: ../shared/reference/alloy/components/local.file_match.md */
export const LOCAL_FILE_MATCH: RawComponent = {
  name: 'local.file_match',
  args: [
    'path_targets: list(map(string))!', 'ignore_older_than: duration', 'sync_period: duration',
  ],
  exports: ['targets: list(map(string))'],
};
