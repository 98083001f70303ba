import { SrcobsError } from '@srcobs/ola';

/**
 * An `instrument()` option that cannot work (an empty service name, an endpoint that is not a URL).
 * Environment variables never throw this: a bad `OTEL_*` value is reported through OTel's diag
 * logger and replaced by its default, because a typo in a deployment must not stop the service.
 */
export class SdkConfigError extends SrcobsError {
  override readonly name = 'SdkConfigError';
  constructor(message: string, options?: ErrorOptions) {
    super('sdk_config_invalid', message, options);
  }
}
