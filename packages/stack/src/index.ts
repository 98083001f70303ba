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
export { TRACE_LATENCY_BUCKETS } from './render/alloy/traces.js';
export { SERVICE_GRAPH } from './dashboards/metric-names.js';
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
export { renderStack, writeRendered, readRendered, RENDERERS, RENDERED_INDEX, RenderConflictError, UnsafeRenderPathError, NotRenderedError } from './render/render-stack.js';
export type { WriteResult } from './render/render-stack.js';
export { validateStack, VALIDATORS, defaultValidationContext } from './validate/validate-stack.js';
export { planUp, planDown, planStatus, commandLine } from './kubernetes/plan.js';
export type { KubernetesPlan, PlanStep, PlanOptions, Tool } from './kubernetes/plan.js';
export { runPlan } from './kubernetes/runner.js';
export type { RunOptions, RunResult } from './kubernetes/runner.js';
export { requireTools, findExecutable, INSTALL_HINTS } from './kubernetes/tools.js';
export { requiredSecrets, createSecretCommand } from './render/required-secrets.js';
export type { RequiredSecret } from './render/required-secrets.js';
export { renderApplyNotes, APPLY_NOTES_PATH } from './render/apply-notes.js';
export { renderManifests, NAMESPACES_FILE, AUDIT_POLICY_FILE } from './render/manifests/index.js';
export { METRICS_PORT_NAME, serviceEnv, peerUrlVariable } from './render/manifests/workloads.js';
export { auditPolicy } from './render/manifests/audit-policy.js';
export type { AuditPolicy, AuditPolicyRule } from './render/manifests/audit-policy.js';
export { renderGrafanaProvisioning, grafanaChartValues, DATASOURCES_CONFIGMAP } from './render/grafana/provisioning.js';
export type { GrafanaChartValues } from './render/grafana/provisioning.js';
export { grafanaDatasources, datasourceUrls, datasourceProvisioning } from './render/grafana/datasources.js';
export type { GrafanaDatasource } from './render/grafana/datasources.js';
export { renderDashboards, DASHBOARDS_DIR } from './render/grafana/dashboards.js';
export { dashboardJson, DASHBOARD_SCHEMA_VERSION } from './render/grafana/dashboard-json.js';
export { GRAFANA_DASHBOARD_LABEL, GRAFANA_DATASOURCE_LABEL } from './render/grafana/sidecar.js';
export { dashboardDefinitions } from './dashboards/index.js';
export { serviceRedDashboard } from './dashboards/service-red.js';
export { callLatencyDashboard } from './dashboards/call-latency.js';
export { pipelineHealthDashboard } from './dashboards/pipeline-health.js';
export { olaComplianceDashboard, olaSelector } from './dashboards/ola-compliance.js';
export { DATASOURCE_UIDS } from './dashboards/datasources.js';
export { targetLanguage } from './dashboards/types.js';
export type { DashboardDefinition, RowDefinition, PanelDefinition, PanelKind, QueryTarget, QueryLanguage, DatasourceKind, VariableDefinition, ThresholdStep, Unit } from './dashboards/types.js';
export { renderPrometheusRules, PROMETHEUS_RULES_FILE, PROMETHEUS_RULES_TEST_FILE } from './render/rules/prometheus.js';
export { renderLokiRules, LOKI_RULES_FILE, LOKI_RULE_LABEL } from './render/rules/loki.js';
export { prometheusRuleFile } from './rules/prometheus-rules.js';
export { prometheusRuleTests } from './rules/prometheus-rules-test.js';
export type { RuleTestFile } from './rules/prometheus-rules-test.js';
export { lokiRuleFile } from './rules/loki-rules.js';
export type { RuleFile, RuleGroup, AlertRule, RecordingRule } from './rules/types.js';
export { validateKubernetesSchemas } from './validate/kubernetes-schema.js';
export { validatePromtool } from './validate/promtool.js';
export { validateExpressions } from './validate/expressions.js';
export { parseQuery } from './validate/expressions/parse.js';
export type { ParsedQuery, QueryProblem } from './validate/expressions/parse.js';
export { validateWiring } from './validate/wiring.js';
