import { DEFAULT_RETENTION_DAYS, OLA_CATEGORIES, OLA_CATEGORY_INFO, OLA_LABEL } from '@srcobs/ola';
import type { OlaCategory } from '@srcobs/ola';
import type { StackConfig } from '../config/types.js';
import type { DashboardDefinition, PanelDefinition, RowDefinition } from './types.js';

/** The Loki selector of one category's streams. */
export function olaSelector(category: OlaCategory): string {
  return `{${OLA_LABEL}="${category}"}`;
}

function retentionTable(config: StackConfig): string {
  const lines = ['| category | retention configured | OLA minimum | silence alert after |', '| --- | --- | --- | --- |'];
  for (const c of OLA_CATEGORIES) {
    const configured = config.retention.logsDays[c];
    const required = DEFAULT_RETENTION_DAYS[c];
    const ok = configured >= required ? '' : ' **below the minimum**';
    lines.push(`| ${OLA_CATEGORY_INFO[c].title} | ${configured} days${ok} | ${required} days | ${config.olaAlertWindows[c]} |`);
  }
  return lines.join('\n');
}

function categoryRow(config: StackConfig, category: OlaCategory): RowDefinition {
  const info = OLA_CATEGORY_INFO[category];
  const window = config.olaAlertWindows[category];
  const sel = olaSelector(category);
  const panels: PanelDefinition[] = [
    {
      title: 'Lines in the last 24 h',
      kind: 'stat',
      description: `Log lines labelled ${OLA_LABEL}="${category}" over the last day. Sources: ${info.kubernetesSources.join('; ')}.`,
      unit: 'short',
      thresholds: [{ value: null, color: 'red' }, { value: 1, color: 'green' }],
      width: 6,
      targets: [{ refId: 'A', datasource: 'loki', expr: `sum(count_over_time(${sel}[1d]))`, instant: true }],
    },
    {
      title: 'Last event',
      kind: 'stat',
      description: `When the category last had a line. Silent for longer than ${window} raises the OLA alert.`,
      unit: 'dateTimeFromNow',
      reduce: { calc: 'lastNotNull', field: 'Time' },
      width: 6,
      targets: [{ refId: 'A', datasource: 'loki', expr: `sum(count_over_time(${sel}[1m]))` }],
    },
    {
      title: 'Silence alert',
      kind: 'alertlist',
      description: `The Loki ruler alert that fires when the category is silent for ${window}.`,
      alertFilter: sel,
      width: 12,
      targets: [],
    },
  ];
  return { title: `${info.title} (${category})`, panels };
}

/**
 * What an auditor asks of the OLA: for each of the five categories, are its lines arriving, when
 * was the last one, is its silence alert firing, and is its retention at least the minimum.
 */
export function olaComplianceDashboard(config: StackConfig): DashboardDefinition {
  return {
    uid: 'srcobs-ola-compliance',
    title: 'OLA log compliance',
    description: 'Lines per day, last event, silence alerts and retention for each OLA log category.',
    tags: ['srcobs', 'ola', 'compliance'],
    from: 'now-7d',
    refresh: '5m',
    variables: [],
    rows: [
      {
        title: 'All categories',
        panels: [
          {
            title: 'Lines per day by category',
            kind: 'timeseries',
            description: 'Daily line count of each category. A category at zero for a day is out of compliance.',
            unit: 'short',
            min: 0,
            minInterval: '1d',
            width: 14,
            height: 9,
            targets: [{ refId: 'A', datasource: 'loki', expr: `sum by (${OLA_LABEL}) (count_over_time({${OLA_LABEL}=~".+"}[1d]))`, legend: `{{${OLA_LABEL}}}` }],
          },
          { title: 'Retention', kind: 'text', description: 'Configured retention against the OLA minimum, per category.', width: 10, height: 9, targets: [], content: retentionTable(config) },
        ],
      },
      ...OLA_CATEGORIES.map((c) => categoryRow(config, c)),
    ],
  };
}
