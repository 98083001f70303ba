import type { DatasourceKind } from './types.js';

/**
 * The fixed UIDs the Grafana data sources are provisioned with (E13). Dashboards, correlations
 * and alert links refer to data sources by these, so they never depend on what Grafana would
 * generate on first start.
 */
export const DATASOURCE_UIDS: Readonly<Record<DatasourceKind, string>> = {
  prometheus: 'prometheus',
  loki: 'loki',
  tempo: 'tempo',
};
