import type { StackConfig } from '../config/types.js';

/** What a rendered file is, so validators pick the files they check. */
export type RenderedFileKind =
  | 'helm-values' // values for one Helm release; `chart` says which chart and version
  | 'helmfile' // helmfile.yaml installing the releases in order
  | 'manifest' // a multi-document YAML of Kubernetes objects
  | 'alloy' // an Alloy configuration, in Alloy syntax
  | 'collector' // an OpenTelemetry Collector configuration (YAML)
  | 'prometheus-rules' // a Prometheus rule file (groups:), also wrapped in a PrometheusRule manifest
  | 'prometheus-rules-test' // a `promtool test rules` file
  | 'loki-rules' // a Loki ruler rule file
  | 'dashboard' // a Grafana dashboard JSON model
  | 'audit-policy' // an API-server audit Policy: a file for the control-plane nodes, never applied with kubectl
  | 'readme'; // notes for the person applying the files

/** One file of the rendered stack. Paths are relative to the output folder and use `/`. */
export interface RenderedFile {
  readonly path: string;
  readonly kind: RenderedFileKind;
  readonly content: string;
  /** For `helm-values`: the chart these values are for. */
  readonly chart?: { readonly name: string; readonly version: string; readonly repository: string; readonly release: string; readonly namespace: string };
}

/** A renderer: a pure function of the config. One module per output file kind. */
export type Renderer = (config: StackConfig) => RenderedFile[];
