export type { StackConfig, VolumeConfig, LokiConfig, ObjectStorageConfig, ServiceConfig, AlertReceiver, SecretKeyRef } from './config/types.js';
export type { RenderedFile, RenderedFileKind, Renderer } from './render/types.js';
export type { Finding, ValidationContext, Validator } from './validate/types.js';
