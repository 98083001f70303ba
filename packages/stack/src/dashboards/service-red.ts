import type { StackConfig } from '../config/types.js';
import { HTTP_SERVER_DURATION } from './metric-names.js';
import { errorRatio, latencyQuantile, requestRate } from './queries.js';
import type { DashboardDefinition, ThresholdStep } from './types.js';

const SEL = 'job=~"$service"';
const W = '$__rate_interval';

/** Green below half the alert threshold, orange up to it, red beyond: the alert fires on red. */
function alertSteps(threshold: number): ThresholdStep[] {
  return [
    { value: null, color: 'green' },
    { value: threshold / 2, color: 'orange' },
    { value: threshold, color: 'red' },
  ];
}

/**
 * Rate, errors and duration of every monitored service, from the SDK's request histogram
 * (`http_server_request_duration_seconds`), per route. The latency panels ask for exemplars, so a
 * slow point links to the trace behind it.
 */
export function serviceRedDashboard(config: StackConfig): DashboardDefinition {
  const { errorRatio: maxErrors, latencyP99Seconds } = config.alerting;
  return {
    uid: 'srcobs-service-red',
    title: 'Services: rate, errors, duration',
    description: 'Request rate, error ratio and latency of every monitored service, per route, from the SDK request histogram.',
    tags: ['srcobs', 'red'],
    from: 'now-1h',
    refresh: '30s',
    variables: [
      {
        kind: 'query',
        name: 'service',
        label: 'Service',
        datasource: 'prometheus',
        query: `label_values(${HTTP_SERVER_DURATION}_count, job)`,
        multi: true,
        includeAll: true,
        default: '$__all',
      },
    ],
    rows: [
      {
        title: 'Now',
        panels: [
          { title: 'Request rate', kind: 'stat', description: 'Requests per second, per service.', unit: 'reqps', targets: [{ refId: 'A', datasource: 'prometheus', expr: requestRate(SEL, W, ['job']), legend: '{{job}}', instant: true }] },
          {
            title: 'Error ratio',
            kind: 'stat',
            description: `Share of requests answered 5xx. The alert fires above ${maxErrors * 100} %.`,
            unit: 'percentunit',
            decimals: 2,
            thresholds: alertSteps(maxErrors),
            targets: [{ refId: 'A', datasource: 'prometheus', expr: errorRatio(SEL, W, ['job']), legend: '{{job}}', instant: true }],
          },
          {
            title: 'p99 latency',
            kind: 'stat',
            description: `99th percentile of request duration. The alert fires above ${latencyP99Seconds} s.`,
            unit: 's',
            thresholds: alertSteps(latencyP99Seconds),
            targets: [{ refId: 'A', datasource: 'prometheus', expr: latencyQuantile(0.99, SEL, W, ['job']), legend: '{{job}}', instant: true }],
          },
          {
            title: 'Targets up',
            kind: 'stat',
            description: 'Scrape targets answering, per service: 0 means Prometheus cannot reach /metrics.',
            unit: 'short',
            thresholds: [{ value: null, color: 'red' }, { value: 1, color: 'green' }],
            targets: [{ refId: 'A', datasource: 'prometheus', expr: `sum by (job) (up{${SEL}})`, legend: '{{job}}', instant: true }],
          },
        ],
      },
      {
        title: 'Per route',
        panels: [
          { title: 'Requests per route', kind: 'timeseries', description: 'Requests per second by service and route.', unit: 'reqps', min: 0, targets: [{ refId: 'A', datasource: 'prometheus', expr: requestRate(SEL, W, ['job', 'route']), legend: '{{job}} {{route}}' }] },
          {
            title: 'Error ratio per route',
            kind: 'timeseries',
            description: 'Share of 5xx answers by service and route.',
            unit: 'percentunit',
            min: 0,
            thresholds: alertSteps(maxErrors),
            targets: [{ refId: 'A', datasource: 'prometheus', expr: errorRatio(SEL, W, ['job', 'route']), legend: '{{job}} {{route}}' }],
          },
        ],
      },
      {
        title: 'Latency',
        panels: [
          {
            title: 'Latency p50 / p90 / p99 per route',
            kind: 'timeseries',
            description: 'Request duration quantiles by service and route. Exemplar dots open the trace of that request.',
            unit: 's',
            min: 0,
            thresholds: alertSteps(latencyP99Seconds),
            width: 24,
            targets: [
              { refId: 'A', datasource: 'prometheus', expr: latencyQuantile(0.5, SEL, W, ['job', 'route']), legend: 'p50 {{job}} {{route}}', exemplars: true },
              { refId: 'B', datasource: 'prometheus', expr: latencyQuantile(0.9, SEL, W, ['job', 'route']), legend: 'p90 {{job}} {{route}}', exemplars: true },
              { refId: 'C', datasource: 'prometheus', expr: latencyQuantile(0.99, SEL, W, ['job', 'route']), legend: 'p99 {{job}} {{route}}', exemplars: true },
            ],
          },
        ],
      },
    ],
  };
}
