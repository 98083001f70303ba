import { SrcobsError } from '@srcobs/ola';

/** A playground service did not come up: it exited, or its `/healthz` never answered. */
export class PlaygroundStartError extends SrcobsError {
  override readonly name = 'PlaygroundStartError';
  /** Which service failed. */
  readonly service: string;
  constructor(service: string, message: string, options?: ErrorOptions) {
    super('playground_start_failed', message, options);
    this.service = service;
  }
}
