import { SrcobsError } from '@srcobs/ola';

/** A time or duration the user typed cannot be read; the message says what is accepted. */
export class TimeRangeError extends SrcobsError {
  override readonly name = 'TimeRangeError';
  constructor(message: string, options?: ErrorOptions) {
    super('console_time_range', message, options);
  }
}

/** An API of the local stack answered with an error, or could not be reached. */
export class ConsoleApiError extends SrcobsError {
  override readonly name = 'ConsoleApiError';
  constructor(
    message: string,
    /** The HTTP status, or 0 when the request never got an answer. */
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(status === 401 ? 'console_unauthorized' : 'console_api', message, options);
  }
}
