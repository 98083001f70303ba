import { labelsKey, normalizeLabels, type Labels } from '../model/labels.js';
import type { InstantSample } from '../query/promql/eval/engine.js';
import type { RuleSpec } from './rule-file.js';
import { compileTemplate, type CompiledTemplate, type TemplateData } from './template.js';

/** Alert states, as Prometheus names them. */
export type AlertState = 'inactive' | 'pending' | 'firing';

/** One alert of an alerting rule: a label set for which the condition held. */
export interface Alert {
  readonly labels: Labels;
  annotations: Labels;
  state: AlertState;
  /** When the condition started to hold (ms). */
  readonly activeAt: number;
  firedAt: number | undefined;
  resolvedAt: number | undefined;
  /** When the condition stopped holding while `keep_firing_for` keeps the alert firing. */
  keepFiringSince: number | undefined;
  value: number;
}

/** Resolved alerts are kept this long so a notifier can still see them (Prometheus' resolvedRetention). */
const RESOLVED_RETENTION_MS = 15 * 60_000;

/** A sample to write back: `ALERTS` and `ALERTS_FOR_STATE` series. */
export interface RuleOutputSample {
  readonly labels: Labels;
  readonly v: number;
}

/** Context for templates that does not change between evaluations. */
export interface TemplateEnv {
  readonly externalLabels: Labels;
  readonly externalURL: string;
}

/**
 * An alerting rule with Prometheus' state machine (`rules/alerting.go`): a new label set is
 * pending, turns firing once it held for `for`, may keep firing for `keep_firing_for` after the
 * condition goes away, and is then inactive (kept 15 minutes as resolved, then forgotten).
 */
export class AlertingRule {
  readonly active = new Map<string, Alert>();
  private readonly labelTemplates: Array<[string, CompiledTemplate]>;
  private readonly annotationTemplates: Array<[string, CompiledTemplate]>;

  constructor(
    readonly spec: RuleSpec,
    private readonly env: TemplateEnv,
  ) {
    this.labelTemplates = Object.entries(spec.labels).map(([k, v]) => [k, compileTemplate(v, `__alert_${spec.name}`)]);
    this.annotationTemplates = Object.entries(spec.annotations).map(([k, v]) => [k, compileTemplate(v, `__alert_${spec.name}`)]);
  }

  /** The rule's state: the "highest" state of its alerts. */
  state(): AlertState {
    let s: AlertState = 'inactive';
    for (const a of this.active.values()) {
      if (a.state === 'firing') return 'firing';
      if (a.state === 'pending') s = 'pending';
    }
    return s;
  }

  private expand(t: CompiledTemplate, data: TemplateData): string {
    try {
      return t.expand(data);
    } catch (error) {
      return `<error expanding template: ${error instanceof Error ? error.message : String(error)}>`;
    }
  }

  /**
   * Advances the state machine with the query result at `ts`, returning the `ALERTS` and
   * `ALERTS_FOR_STATE` samples of the pending and firing alerts. Throws when two results end up
   * with the same labels.
   */
  eval(result: readonly InstantSample[], ts: number): RuleOutputSample[] {
    const current = new Map<string, Alert>();
    for (const s of result) {
      const data: TemplateData = { labels: s.metric, value: s.v, externalLabels: this.env.externalLabels, externalURL: this.env.externalURL };
      const labels: Record<string, string> = { ...s.metric };
      delete labels['__name__'];
      for (const [k, t] of this.labelTemplates) {
        const v = this.expand(t, data);
        if (v === '') delete labels[k];
        else labels[k] = v;
      }
      labels['alertname'] = this.spec.name;
      const annotations: Record<string, string> = {};
      for (const [k, t] of this.annotationTemplates) annotations[k] = this.expand(t, data);
      const normalized = normalizeLabels(labels);
      const key = labelsKey(normalized);
      if (current.has(key)) throw new Error('vector contains metrics with the same labelset after applying alert labels');
      current.set(key, { labels: normalized, annotations, state: 'pending', activeAt: ts, firedAt: undefined, resolvedAt: undefined, keepFiringSince: undefined, value: s.v });
    }
    for (const [key, a] of current) {
      const existing = this.active.get(key);
      if (existing && existing.state !== 'inactive') {
        existing.value = a.value;
        existing.annotations = a.annotations;
        continue;
      }
      this.active.set(key, a);
    }
    const out: RuleOutputSample[] = [];
    for (const [key, a] of this.active) {
      if (!current.has(key)) {
        let keepFiring = false;
        if (a.state === 'firing' && this.spec.keepFiringForMs > 0) {
          a.keepFiringSince ??= ts;
          if (ts - a.keepFiringSince < this.spec.keepFiringForMs) keepFiring = true;
        }
        if (a.state === 'pending' || (a.resolvedAt !== undefined && ts - a.resolvedAt > RESOLVED_RETENTION_MS)) this.active.delete(key);
        if (a.state !== 'inactive' && !keepFiring) {
          a.state = 'inactive';
          a.resolvedAt = ts;
        }
        if (!keepFiring) continue;
      } else {
        a.keepFiringSince = undefined;
      }
      if (a.state === 'pending' && ts - a.activeAt >= this.spec.forMs) {
        a.state = 'firing';
        a.firedAt = ts;
      }
      out.push({ labels: { ...a.labels, __name__: 'ALERTS', alertstate: a.state }, v: 1 });
      out.push({ labels: { ...a.labels, __name__: 'ALERTS_FOR_STATE' }, v: a.activeAt / 1000 });
    }
    return out;
  }
}
