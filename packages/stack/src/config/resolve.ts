import { DEFAULT_SERVICES } from './defaults.js';
import type { ParsedStackConfig } from './schema.js';
import type { ServiceConfig, StackConfig } from './types.js';

/**
 * Fills the defaults that depend on other fields, turning the schema's output into the resolved
 * `StackConfig`: a service without a namespace runs in `namespaces.playground`, and a config
 * without `services` monitors the playground's test-app and trace-app.
 */
export function resolveConfig(parsed: ParsedStackConfig): StackConfig {
  const { $schema: _schema, services, ...rest } = parsed;
  const playground = parsed.namespaces.playground;
  const resolved: ServiceConfig[] = services
    ? services.map((s) => ({ ...s, namespace: s.namespace ?? playground }))
    : DEFAULT_SERVICES.map((s) => ({ ...s, namespace: playground, deploy: { ...s.deploy } }));
  return { ...rest, services: resolved };
}
