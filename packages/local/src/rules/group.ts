import { labelsKey, normalizeLabels, type Labels } from '../model/labels.js';
import { STALE_NAN, type MetricBatch } from '../model/metrics.js';
import type { QueryValue } from '../query/promql/eval/engine.js';
import { AlertingRule, type RuleOutputSample, type TemplateEnv } from './alerting-rule.js';
import type { RuleGroupSpec, RuleSpec } from './rule-file.js';

/** Evaluates an expression at a time; the manager runs it on the query runner. */
export type RuleQuery = (expr: string, timeMs: number) => Promise<QueryValue>;

/** Writes rule results back into the store. */
export type RuleAppend = (batch: MetricBatch) => Promise<void>;

/** What a rule reports about its last evaluation. */
export interface RuleHealth {
  health: 'ok' | 'err' | 'unknown';
  lastError: string | undefined;
  /** ms; undefined before the first evaluation. */
  lastEvaluation: number | undefined;
  evaluationSeconds: number;
}

/** One rule of a group with its state. */
export interface RuleState extends RuleHealth {
  readonly spec: RuleSpec;
  /** Set for alerting rules. */
  readonly alerting: AlertingRule | undefined;
}

function recorded(spec: RuleSpec, groupLabels: Labels, value: QueryValue): RuleOutputSample[] {
  const samples = value.resultType === 'scalar' ? [{ metric: {}, v: value.v }] : value.resultType === 'vector' ? value.result : undefined;
  if (!samples) throw new Error('rule result is not a vector or scalar');
  const out: RuleOutputSample[] = [];
  const seen = new Set<string>();
  for (const s of samples) {
    const labels = normalizeLabels({ ...s.metric, __name__: spec.name, ...groupLabels, ...spec.labels });
    const key = labelsKey(labels);
    if (seen.has(key)) throw new Error('vector contains metrics with the same labelset after applying rule labels');
    seen.add(key);
    out.push({ labels, v: s.v });
  }
  return out;
}

/**
 * A rule group: its rules evaluated in order at one time, each rule's output written before the
 * next rule runs (so a rule can use the one before it), and series a rule stopped producing
 * ended with a staleness marker, as Prometheus' rule groups do.
 */
export class RuleGroup {
  readonly rules: RuleState[];
  lastEvaluation: number | undefined;
  evaluationSeconds = 0;
  private readonly previous = new Map<number, Map<string, Labels>>();

  constructor(
    readonly spec: RuleGroupSpec,
    readonly intervalMs: number,
    env: TemplateEnv,
  ) {
    const alertEnv: TemplateEnv = env;
    this.rules = spec.rules.map((r) => ({
      spec: { ...r, labels: { ...spec.labels, ...r.labels } },
      alerting: r.kind === 'alert' ? new AlertingRule({ ...r, labels: { ...spec.labels, ...r.labels } }, alertEnv) : undefined,
      health: 'unknown',
      lastError: undefined,
      lastEvaluation: undefined,
      evaluationSeconds: 0,
    }));
  }

  /** Evaluates every rule at `ts` (ms). Errors are recorded on the rule, never thrown. */
  async evaluate(ts: number, query: RuleQuery, append: RuleAppend): Promise<void> {
    const groupStarted = performance.now();
    const at = ts - this.spec.queryOffsetMs;
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i]!;
      const started = performance.now();
      let samples: RuleOutputSample[] = [];
      try {
        const value = await query(rule.spec.expr, at);
        if (rule.alerting) {
          if (value.resultType !== 'vector' && value.resultType !== 'scalar') throw new Error('rule result is not a vector or scalar');
          const result = value.resultType === 'scalar' ? [{ metric: {}, t: value.t, v: value.v }] : value.result;
          samples = rule.alerting.eval(result, at);
        } else {
          samples = recorded(rule.spec, this.spec.labels, value);
        }
        if (this.spec.limit > 0 && samples.length > this.spec.limit) throw new Error(`exceeded limit of ${this.spec.limit} with ${samples.length} series`);
        rule.health = 'ok';
        rule.lastError = undefined;
      } catch (error) {
        rule.health = 'err';
        rule.lastError = error instanceof Error ? error.message : String(error);
        samples = [];
      }
      await this.write(i, samples, at, append);
      rule.lastEvaluation = ts;
      rule.evaluationSeconds = (performance.now() - started) / 1000;
    }
    this.lastEvaluation = ts;
    this.evaluationSeconds = (performance.now() - groupStarted) / 1000;
  }

  /** Writes a rule's samples, plus staleness markers for its series that are gone since the last evaluation. */
  private async write(rule: number, samples: readonly RuleOutputSample[], t: number, append: RuleAppend): Promise<void> {
    const now = new Map<string, Labels>();
    const series: MetricBatch['series'][number][] = [];
    for (const s of samples) {
      const labels = normalizeLabels(s.labels);
      now.set(labelsKey(labels), labels);
      series.push({ labels, samples: [{ t, v: s.v }] });
    }
    for (const [key, labels] of this.previous.get(rule) ?? []) if (!now.has(key)) series.push({ labels, samples: [{ t, v: STALE_NAN }] });
    this.previous.set(rule, now);
    if (series.length) await append({ series });
  }
}
