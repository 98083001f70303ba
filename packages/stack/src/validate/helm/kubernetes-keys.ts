import type { KeySpec } from './key-spec.js';

/*
 * Kubernetes types some charts pass through verbatim. Their defaults are `{}` (so by the defaults
 * alone anything goes), yet Kubernetes reads only these keys: the seed's `storageClassName` under
 * `resources.requests` (erratum E1) is exactly the typo this catches. Transcribed from the
 * Kubernetes API reference (core/v1 PersistentVolumeClaimSpec) and prometheus-operator's
 * StorageSpec (monitoring.coreos.com/v1, v0.93.1).
 */

const scalar: KeySpec = { kind: 'scalar', sample: '' };
const list: KeySpec = { kind: 'list' };
const free = (why: string): KeySpec => ({ kind: 'free', why });
const map = (entries: Record<string, KeySpec>): KeySpec => ({ kind: 'map', keys: new Map(Object.entries(entries)) });

/** A PVC's `resources`: volumes request only `storage`. */
const VOLUME_RESOURCES = map({ requests: map({ storage: scalar }), limits: map({ storage: scalar }) });

/** core/v1 PersistentVolumeClaimSpec. */
export const PVC_SPEC: KeySpec = map({
  accessModes: list,
  dataSource: free('a TypedLocalObjectReference'),
  dataSourceRef: free('a TypedObjectReference'),
  resources: VOLUME_RESOURCES,
  selector: free('a LabelSelector'),
  storageClassName: scalar,
  volumeAttributesClassName: scalar,
  volumeMode: scalar,
  volumeName: scalar,
});

/** prometheus-operator StorageSpec (`storageSpec` of Prometheus, `storage` of Alertmanager). */
export const STORAGE_SPEC: KeySpec = map({
  disableMountSubPath: scalar,
  emptyDir: free('an EmptyDirVolumeSource'),
  ephemeral: free('an EphemeralVolumeSource'),
  volumeClaimTemplate: map({
    apiVersion: scalar,
    kind: scalar,
    metadata: map({ name: scalar, labels: free('labels'), annotations: free('annotations') }),
    spec: PVC_SPEC,
    status: free('a PVC status'),
  }),
});
