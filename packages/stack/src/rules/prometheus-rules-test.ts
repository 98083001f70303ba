import type { StackConfig } from '../config/types.js';
import { HTTP_SERVER_DURATION } from '../dashboards/metric-names.js';
import { prometheusRuleFile } from './prometheus-rules.js';
import type { AlertRule } from './types.js';

/*
 * A `promtool test rules` file for the rules of `prometheus-rules.ts`, built from the same config:
 * the inputs are placed on either side of the configured thresholds, so the tests prove each alert
 * fires for the first service and stays quiet for the others, whatever the thresholds are.
 */

const REQUESTS_PER_MINUTE = 1000;
const TEST_MINUTES = 30;

interface ExpectedAlert {
  readonly exp_labels: Readonly<Record<string, string>>;
  readonly exp_annotations: Readonly<Record<string, string>>;
}

interface AlertTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: readonly ExpectedAlert[];
}

interface TestGroup {
  readonly name: string;
  readonly interval: string;
  readonly input_series: readonly { readonly series: string; readonly values: string }[];
  readonly alert_rule_test: readonly AlertTest[];
}

/** The promtool unit-test file (`rule_files` relative to the test file's folder). */
export interface RuleTestFile {
  readonly rule_files: readonly string[];
  readonly evaluation_interval: string;
  readonly tests: readonly TestGroup[];
}

/**
 * The annotations promtool will expect, with `{{ $labels.x }}` expanded from `labels`. The
 * tested rules keep `$value` out of their annotations, so the expansion is exact.
 */
function expand(rule: AlertRule, labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(rule.annotations)) {
    out[key] = template.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
  }
  return out;
}

function findAlert(config: StackConfig, name: string): AlertRule {
  for (const group of prometheusRuleFile(config).groups) {
    for (const rule of group.rules) if ('alert' in rule && rule.alert === name) return rule;
  }
  throw new Error(`no alert rule named ${name}`);
}

function counter(perMinute: number): string {
  return `0+${perMinute}x${TEST_MINUTES}`;
}

function expected(rule: AlertRule, labels: Readonly<Record<string, string>>): ExpectedAlert {
  const all = { ...labels, ...rule.labels };
  return { exp_labels: all, exp_annotations: expand(rule, all) };
}

/** First service above the error threshold (twice it, capped below 100 %), the others at half of it. */
function errorRatioTest(config: StackConfig): TestGroup {
  const rule = findAlert(config, 'ServiceHighErrorRatio');
  const threshold = config.alerting.errorRatio;
  const series = config.services.flatMap((s, i) => {
    const ratio = i === 0 ? Math.min(0.99, 2 * threshold) : threshold / 2;
    const errors = Math.round(REQUESTS_PER_MINUTE * ratio);
    const base = `job="${s.name}", namespace="${s.namespace}", route="/fast", method="GET"`;
    return [
      { series: `${HTTP_SERVER_DURATION}_count{${base}, status_code="200"}`, values: counter(REQUESTS_PER_MINUTE - errors) },
      { series: `${HTTP_SERVER_DURATION}_count{${base}, status_code="500"}`, values: counter(errors) },
    ];
  });
  const first = config.services[0];
  return {
    name: 'error ratio above the threshold fires for that service only',
    interval: '1m',
    input_series: series,
    alert_rule_test: [
      { eval_time: '3m', alertname: rule.alert, exp_alerts: [] }, // still inside `for`
      { eval_time: '15m', alertname: rule.alert, exp_alerts: first ? [expected(rule, { job: first.name })] : [] },
    ],
  };
}

/**
 * First service slow (every request between half and four times the p99 threshold, so p99 lands
 * near 4×), the others fast (every request under half the threshold).
 */
function latencyTest(config: StackConfig): TestGroup {
  const rule = findAlert(config, 'ServiceHighLatencyP99');
  const t = config.alerting.latencyP99Seconds;
  const bounds = [t / 2, t * 4];
  const series = config.services.flatMap((s, i) => {
    const slow = i === 0;
    const base = `job="${s.name}", namespace="${s.namespace}", route="/slow", method="GET", status_code="200"`;
    const bucket = (le: string, perMinute: number): { series: string; values: string } => ({ series: `${HTTP_SERVER_DURATION}_bucket{${base}, le="${le}"}`, values: counter(perMinute) });
    return [
      bucket(String(bounds[0]), slow ? 0 : 100),
      bucket(String(bounds[1]), 100),
      bucket('+Inf', 100),
      { series: `${HTTP_SERVER_DURATION}_count{${base}}`, values: counter(100) },
    ];
  });
  const first = config.services[0];
  return {
    name: 'p99 latency above the threshold fires for that service only',
    interval: '1m',
    input_series: series,
    alert_rule_test: [
      { eval_time: '5m', alertname: rule.alert, exp_alerts: [] },
      { eval_time: '20m', alertname: rule.alert, exp_alerts: first ? [expected(rule, { job: first.name })] : [] },
    ],
  };
}

/** First service's target goes down at minute 5; the others stay up; a service with no target at all is reported apart. */
function targetDownTest(config: StackConfig): TestGroup {
  const down = findAlert(config, 'TargetDown');
  const missing = findAlert(config, 'ServiceNotScraped');
  const scraped = config.services.slice(0, Math.max(1, config.services.length - 1));
  const unscraped = config.services.length > 1 ? config.services.slice(-1) : [];
  const labelsOf = (s: { name: string; namespace: string; port: number }): Record<string, string> => ({
    instance: `10.0.0.1:${s.port}`,
    job: s.name,
    namespace: s.namespace,
  });
  const series = scraped.map((s, i) => {
    const labels = labelsOf(s);
    return { series: `up{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`, values: i === 0 ? `1x5 0x${TEST_MINUTES - 5}` : `1x${TEST_MINUTES}` };
  });
  const first = scraped[0];
  return {
    name: 'a target down fires TargetDown; a service without any target fires ServiceNotScraped',
    interval: '1m',
    input_series: series,
    alert_rule_test: [
      { eval_time: '8m', alertname: down.alert, exp_alerts: [] },
      { eval_time: '15m', alertname: down.alert, exp_alerts: first ? [expected(down, labelsOf(first))] : [] },
      { eval_time: '15m', alertname: missing.alert, exp_alerts: unscraped.map((s) => expected(missing, { job: s.name, namespace: s.namespace })) },
    ],
  };
}

/** The promtool unit tests of the error-ratio, latency and target alerts, for `ruleFileName` beside it. */
export function prometheusRuleTests(config: StackConfig, ruleFileName: string): RuleTestFile {
  return {
    rule_files: [ruleFileName],
    evaluation_interval: '1m',
    tests: [errorRatioTest(config), latencyTest(config), targetDownTest(config)],
  };
}
