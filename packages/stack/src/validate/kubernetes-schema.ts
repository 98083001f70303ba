import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { parse } from 'yaml';
import type { RenderedFile } from '../render/types.js';
import { schemaProblems } from './ajv-findings.js';
import { AUDIT_POLICY_SCHEMA } from './audit-policy-schema.js';
import { loadCrdSchemas } from './crd-schemas.js';
import type { CrdIndex } from './crd-schemas.js';
import { manifestObjects, objectRef, stringMap } from './objects.js';
import type { ManifestObject } from './objects.js';
import type { Finding, ValidationContext } from './types.js';

const CHECK = 'kubernetes-schema';

/** Kinds that live outside any namespace: every other object must name its namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'GatewayClass',
  'PriorityClass', 'RuntimeClass', 'IngressClass', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'CSIDriver',
]);

/** Kinds whose names are DNS labels (63 characters, no dots) rather than DNS subdomains. */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** The model package and module of an apiVersion/kind, or undefined when none is known. */
function modelSpecifier(apiVersion: string, kind: string): string | undefined {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (!version || !/^v\d+((alpha|beta)\d+)?$/.test(version)) return undefined;
  if (group === '') return `kubernetes-models/${version}/${kind}`;
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`;
  if (group === 'gateway.networking.k8s.io') return `@kubernetes-models/gateway-api/${group}/${version}/${kind}`;
  if (group && /^[a-z0-9.]+$/.test(group)) return `kubernetes-models/${group}/${version}/${kind}`;
  return undefined;
}

const models = new Map<string, Promise<ModelClass | undefined>>();

function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const specifier = modelSpecifier(apiVersion, kind);
  if (!specifier) return Promise.resolve(undefined);
  let model = models.get(specifier);
  if (!model) {
    model = import(specifier).then(
      (mod: Record<string, unknown>) => (typeof mod[kind] === 'function' ? (mod[kind] as ModelClass) : undefined),
      () => undefined,
    );
    models.set(specifier, model);
  }
  return model;
}

function errorsOf(thrown: unknown): ErrorObject[] | undefined {
  if (thrown && typeof thrown === 'object' && 'errors' in thrown && Array.isArray((thrown as { errors: unknown }).errors)) return (thrown as { errors: ErrorObject[] }).errors;
  return undefined;
}

function finding(object: Pick<ManifestObject, 'file' | 'kind' | 'name' | 'namespace'>, path: string, message: string, fix?: string): Finding {
  return { severity: 'error', check: CHECK, file: object.file, path: path ? `${objectRef(object)}:${path}` : objectRef(object), message: `${objectRef(object)}: ${message}`, ...(fix ? { fix } : {}) };
}

function metadataFindings(object: ManifestObject): Finding[] {
  const out: Finding[] = [];
  const namePattern = LABEL_NAMED.has(object.kind) ? DNS_LABEL : DNS_SUBDOMAIN;
  const max = LABEL_NAMED.has(object.kind) ? 63 : 253;
  if (!object.name) out.push(finding(object, 'metadata.name', 'metadata.name is missing'));
  else if (!namePattern.test(object.name) || object.name.length > max) {
    out.push(finding(object, 'metadata.name', `name "${object.name}" is not a valid ${LABEL_NAMED.has(object.kind) ? 'DNS label' : 'DNS subdomain'}`, `use lower-case letters, digits and "-", at most ${max} characters`));
  }
  if (!CLUSTER_SCOPED.has(object.kind) && !object.namespace) {
    out.push(finding(object, 'metadata.namespace', 'namespaced object without metadata.namespace: kubectl would put it in the current context\'s namespace', 'set metadata.namespace'));
  }
  if (CLUSTER_SCOPED.has(object.kind) && object.namespace) out.push(finding(object, 'metadata.namespace', `${object.kind} is cluster-scoped and takes no namespace`));
  const labels = stringMap((object.body['metadata'] as Record<string, unknown> | undefined)?.['labels']);
  for (const [key, value] of Object.entries(labels)) {
    const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
    if (!LABEL_KEY_NAME.test(name) || name.length > 63) out.push(finding(object, `metadata.labels.${key}`, `label key "${key}" is not valid`));
    if (!LABEL_VALUE.test(value) || value.length > 63) out.push(finding(object, `metadata.labels.${key}`, `label value "${value}" is not valid (63 characters of [A-Za-z0-9-_.], alphanumeric at both ends)`));
  }
  return out;
}

async function objectFindings(object: ManifestObject, crds: CrdIndex): Promise<Finding[]> {
  const out = metadataFindings(object);
  const model = await loadModel(object.apiVersion, object.kind);
  const crd = crds.get(object.apiVersion, object.kind);
  if (!model && !crd) {
    out.push(finding(object, 'apiVersion', `no schema is known for ${object.apiVersion} ${object.kind}`, 'check apiVersion and kind (a typo, or a version the cluster does not serve)'));
    return out;
  }
  if (model) {
    try {
      new model(object.body).validate();
    } catch (thrown) {
      const errors = errorsOf(thrown);
      if (!errors) throw thrown;
      for (const p of schemaProblems(errors)) out.push(finding(object, p.path, p.message, p.fix));
    }
  }
  if (crd && !crd(object.body)) {
    for (const p of schemaProblems(crd.errors)) {
      // The model package already reported type errors at the same path; the CRD adds unknown fields and CRD-only rules.
      if (out.some((f) => f.path === `${objectRef(object)}:${p.path}`)) continue;
      out.push(finding(object, p.path, `${p.message} (CRD schema)`, p.fix));
    }
  }
  return out;
}

let auditValidator: ReturnType<Ajv['compile']> | undefined;

function auditPolicyFindings(file: RenderedFile): Finding[] {
  auditValidator ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(AUDIT_POLICY_SCHEMA);
  let body: unknown;
  try {
    body = parse(file.content);
  } catch (error) {
    return [{ severity: 'error', check: CHECK, file: file.path, message: `not YAML: ${(error as Error).message}` }];
  }
  if (auditValidator(body)) return [];
  return schemaProblems(auditValidator.errors).map((p) => ({ severity: 'error', check: CHECK, file: file.path, path: `Policy:${p.path}`, message: `audit Policy: ${p.message}`, ...(p.fix ? { fix: p.fix } : {}) }));
}

/**
 * Every rendered Kubernetes object against its schema: the model classes of `kubernetes-models`,
 * `@kubernetes-models/prometheus-operator` and `@kubernetes-models/gateway-api` (types, required
 * fields, enums), and for custom resources also the vendored CRD's `openAPIV3Schema` with unknown
 * fields closed. Names, namespaces and labels are checked against Kubernetes' own syntax rules, and
 * the API-server audit Policy against its schema.
 */
export async function validateKubernetesSchemas(files: readonly RenderedFile[], context: ValidationContext): Promise<Finding[]> {
  const { objects, unreadable } = manifestObjects(files);
  const findings: Finding[] = unreadable.map((u) => ({ severity: 'error', check: CHECK, file: u.file, path: `document ${u.index + 1}`, message: u.message }));
  const crds = loadCrdSchemas(context.vendorDir);
  if (crds.count === 0) {
    findings.push({ severity: 'warning', check: CHECK, file: '', message: `no CRDs found under ${crds.source}: custom resources were checked against the model packages only`, fix: 'point the vendor folder at a copy of ../shared/crds' });
  }
  for (const object of objects) findings.push(...(await objectFindings(object, crds)));
  for (const file of files) if (file.kind === 'audit-policy') findings.push(...auditPolicyFindings(file));
  return findings;
}
