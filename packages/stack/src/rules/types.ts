/** An alerting rule, as Prometheus and the Loki ruler read it. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before the alert fires, e.g. `5m`. */
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A rule group: rules evaluated together at one interval. */
export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly (AlertRule | RecordingRule)[];
}

/** A whole rule file (`groups:`), the format of `promtool check rules` and of the Loki ruler. */
export interface RuleFile {
  readonly groups: readonly RuleGroup[];
}
