import type { RenderedFile } from '../render/types.js';
import type { Finding, ValidationContext } from './types.js';
import { datasourceFindings } from './wiring/datasources.js';
import { endpointFindings } from './wiring/endpoints.js';
import { buildInventory } from './wiring/inventory.js';
import { monitorFindings } from './wiring/monitors.js';
import { olaFindings } from './wiring/ola.js';
import { routeAndGatewayFindings } from './wiring/routes.js';

/**
 * Cross-object wiring of the rendered stack, where the seed's errata live: every ServiceMonitor is
 * loaded by Prometheus and selects a Service port that exists (E2, E16); every HTTPRoute attaches
 * to a listener that admits it and sends to a Service that exists (E3), under the path Grafana is
 * configured for (E4), through a Gateway that limits who attaches and only redirects plain HTTP
 * (E6); every data source points at a Service and port of its component and links to the others
 * (E12, E13); every OTLP endpoint, in-cluster URL and Alloy/Collector exporter resolves to a
 * Service that receives it (E10, E11); traces and metrics name a service alike (E15); every OLA
 * category is alerted on and retained (E17). The Services the charts create are derived from the
 * rendered Helm values and the pinned charts' defaults.
 */
export function validateWiring(files: readonly RenderedFile[], context: ValidationContext): Finding[] {
  const inventory = buildInventory(files, context.vendorDir);
  return [
    ...monitorFindings(inventory),
    ...routeAndGatewayFindings(inventory),
    ...datasourceFindings(inventory, files),
    ...endpointFindings(inventory, files),
    ...olaFindings(inventory, files),
  ];
}
