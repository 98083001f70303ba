import type { StackConfig } from '../config/types.js';
import { callLatencyDashboard } from './call-latency.js';
import { olaComplianceDashboard } from './ola-compliance.js';
import { pipelineHealthDashboard } from './pipeline-health.js';
import { serviceRedDashboard } from './service-red.js';
import type { DashboardDefinition } from './types.js';

/** Every dashboard the stack ships, in menu order. The Grafana renderer and the local console both draw these. */
export function dashboardDefinitions(config: StackConfig): DashboardDefinition[] {
  return [serviceRedDashboard(config), callLatencyDashboard(config), pipelineHealthDashboard(config), olaComplianceDashboard(config)];
}
