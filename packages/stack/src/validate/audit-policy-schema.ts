/**
 * JSON Schema of `audit.k8s.io/v1` `Policy`, written from the Kubernetes API reference
 * (kubernetes.io/docs/reference/config-api/apiserver-audit.v1/#audit-k8s-io-v1-Policy). No model
 * package ships it, because the API server reads it from a file and never serves it.
 */
const STAGES = { type: 'array', items: { enum: ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] } };
const STRINGS = { type: 'array', items: { type: 'string' } };

export const AUDIT_POLICY_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'rules'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'audit.k8s.io/v1' },
    kind: { const: 'Policy' },
    metadata: { type: 'object' },
    omitStages: STAGES,
    omitManagedFields: { type: 'boolean' },
    rules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['level'],
        additionalProperties: false,
        properties: {
          level: { enum: ['None', 'Metadata', 'Request', 'RequestResponse'] },
          users: STRINGS,
          userGroups: STRINGS,
          verbs: STRINGS,
          resources: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              properties: { group: { type: 'string' }, resources: STRINGS, resourceNames: STRINGS },
            },
          },
          namespaces: STRINGS,
          nonResourceURLs: STRINGS,
          omitStages: STAGES,
          omitManagedFields: { type: 'boolean' },
        },
      },
    },
  },
} as const;
