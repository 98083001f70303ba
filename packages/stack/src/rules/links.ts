import type { StackConfig } from '../config/types.js';

/** The public URL of a dashboard, for alert annotations: the on-call person lands on the graph. */
export function dashboardUrl(config: StackConfig, uid: string): string {
  const base = config.grafana.path === '/' ? '' : config.grafana.path.replace(/\/+$/, '');
  return `https://${config.grafana.host}${base}/d/${uid}`;
}
