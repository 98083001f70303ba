export type { StackConfig, VolumeConfig, LokiConfig, ObjectStorageConfig, ServiceConfig, AlertReceiver, SecretKeyRef } from './config/types.js';
export type { RenderedFile, RenderedFileKind, Renderer } from './render/types.js';
export type { Finding, ValidationContext, Validator } from './validate/types.js';
export { ConfigError, ConfigFileError, MissingToolError, CommandFailedError, formatConfigIssues } from './errors.js';
export type { ConfigIssue } from './errors.js';
export { parseConfig, configIssues, defaultConfig, defineConfig } from './config/parse.js';
export { loadConfig, findConfigFile, readConfigInput, CONFIG_FILE_NAMES } from './config/load.js';
export type { LoadConfigOptions } from './config/load.js';
export { configWarnings } from './config/checks.js';
export { stackConfigSchema } from './config/schema.js';
export type { StackConfigInput } from './config/schema.js';
export { configJsonSchema, renderConfigJsonSchema, JSON_SCHEMA_FILE } from './config/json-schema.js';
export { SEED_STORAGE_CLASS } from './config/defaults.js';
export { validateHelmValues } from './validate/helm-values.js';
export { DEFAULT_VENDOR_DIR } from './validate/vendor.js';
export { parseAlloy, parseAlloyExpression, printAlloy, printAlloyExpression, AlloyParseError } from './alloy/syntax/index.js';
export type { AlloyFile, Statement as AlloyStatement, Block as AlloyBlock, Attribute as AlloyAttribute, Expr as AlloyExpr } from './alloy/syntax/index.js';
export { COMPONENTS as ALLOY_COMPONENTS } from './alloy/components.js';
export type { ComponentSpec as AlloyComponentSpec, BlockSpec as AlloyBlockSpec, ArgumentSpec as AlloyArgumentSpec } from './alloy/components.js';
export { renderAlloyConfig, renderAlloyFiles, buildAlloyConfig, alloyDeploymentNeeds, ALLOY_CONFIG_PATH, COLLECTOR_CONFIG_PATH } from './render/alloy.js';
export type { AlloyDeploymentNeeds } from './render/alloy.js';
export { renderCollectorConfig, COLLECTOR_ALLOY_EXPORTER } from './render/collector.js';
export { exporterEndpoints, exporterEndpointsInFiles } from './render/endpoints.js';
export type { ExporterEndpoint } from './render/endpoints.js';
export { validateAlloy, validateAlloyText } from './validate/alloy.js';
export { validateSecrets, findSecrets } from './validate/secrets.js';
export {
  helmFullname,
  serviceHost,
  prometheusServiceName,
  alertmanagerServiceName,
  grafanaServiceName,
  lokiPushService,
  lokiGatewayServiceName,
  tempoOtlpServiceName,
  tempoQueryServiceName,
  alloyServiceName,
  otelCollectorServiceName,
  appOtlpEndpoint,
  PROMETHEUS_PORT,
  LOKI_HTTP_PORT,
  TEMPO_HTTP_PORT,
  OTLP_GRPC_PORT,
  OTLP_HTTP_PORT,
} from './naming.js';
export { renderKubePrometheusStackValues, grafanaRootUrl } from './render/helm/kube-prometheus-stack.js';
export { renderLokiValues } from './render/helm/loki.js';
export { renderTempoValues } from './render/helm/tempo.js';
export { renderAlloyValues } from './render/helm/alloy.js';
export type { AlloyChartNeeds, AlloyValuesInput } from './render/helm/alloy.js';
export { renderOtelCollectorValues } from './render/helm/otel-collector.js';
export { CHARTS, valuesPath } from './render/helm/charts.js';
export type { PinnedChart } from './render/helm/charts.js';
export { helmReleases } from './render/helm/releases.js';
export type { HelmRelease } from './render/helm/releases.js';
export { renderHelmfile, HELMFILE_PATH } from './render/helmfile.js';
export { renderStack, writeRendered, RENDERERS, RENDERED_INDEX, RenderConflictError, UnsafeRenderPathError } from './render/render-stack.js';
export type { WriteResult } from './render/render-stack.js';
export { validateStack, VALIDATORS } from './validate/validate-stack.js';
export { planUp, planDown, planStatus, commandLine } from './kubernetes/plan.js';
export type { KubernetesPlan, PlanStep, PlanOptions, Tool } from './kubernetes/plan.js';
export { runPlan } from './kubernetes/runner.js';
export type { RunOptions, RunResult } from './kubernetes/runner.js';
export { requireTools, findExecutable, INSTALL_HINTS } from './kubernetes/tools.js';
