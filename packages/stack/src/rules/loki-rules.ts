import { OLA_CATEGORIES, OLA_CATEGORY_INFO } from '@srcobs/ola';
import type { StackConfig } from '../config/types.js';
import { olaSelector } from '../dashboards/ola-compliance.js';
import { dashboardUrl } from './links.js';
import type { AlertRule, RuleFile } from './types.js';

/**
 * The Loki ruler's rules (`../shared/ola.md`, "Watching"): one alert per OLA category when its
 * streams fall silent for the category's window, and one on Alloy reporting log batches that Loki
 * rejected. Dropped writes themselves never reach Loki, so they are alerted on from Prometheus
 * (`LogWritesDropped`); a rejected batch is different: Alloy keeps running and logs the refusal,
 * and that log line does arrive.
 */
export function lokiRuleFile(config: StackConfig): RuleFile {
  const url = dashboardUrl(config, 'srcobs-ola-compliance');
  const silence: AlertRule[] = OLA_CATEGORIES.map((category) => {
    const window = config.olaAlertWindows[category];
    return {
      alert: 'OlaCategorySilent',
      expr: `absent_over_time(${olaSelector(category)}[${window}])`,
      // The window already is the grace period: firing at once keeps the alert to the OLA's number.
      for: '0m',
      labels: { severity: 'critical', ola_category: category },
      annotations: {
        summary: `No ${OLA_CATEGORY_INFO[category].title} logs for ${window}`,
        description: `No line labelled ola_category="${category}" arrived in the last ${window}. Its sources: ${OLA_CATEGORY_INFO[category].kubernetesSources.join('; ')}. Until it is fixed, this category is out of OLA compliance.`,
        dashboard: url,
      },
    };
  });
  const rejected: AlertRule = {
    alert: 'LogBatchesRejected',
    // Alloy's pods carry app.kubernetes.io/name=alloy, which the pod pipeline writes as `app`.
    expr: `sum by (pod) (count_over_time({namespace="${config.namespaces.monitoring}", app="alloy"} |= "final error sending batch" [10m])) > 0`,
    for: '0m',
    labels: { severity: 'warning' },
    annotations: {
      summary: 'Loki rejected log batches from Alloy',
      description: 'Alloy logged "final error sending batch": Loki answered a push with a non-retryable error (too old, too long, limits), and those lines are lost.',
      dashboard: dashboardUrl(config, 'srcobs-pipeline-health'),
    },
  };
  return { groups: [{ name: 'srcobs.ola', interval: '1m', rules: silence }, { name: 'srcobs.log-pipeline', interval: '1m', rules: [rejected] }] };
}
