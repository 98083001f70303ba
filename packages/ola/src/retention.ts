import type { OlaCategory } from './categories.js';

/**
 * Days each category must be kept, unless the stack's config asks for longer. These are the
 * OLA's minimums: a config may raise them, and `srcobs audit` reports any category configured
 * below them as out of compliance.
 */
export const DEFAULT_RETENTION_DAYS: Readonly<Record<OlaCategory, number>> = {
  auth_access: 365,
  network_security: 365,
  api_data_access: 365,
  endpoint_user_activity: 180,
  system_application: 30,
};

/**
 * How long a category may be silent before it is an incident. The windows differ because the
 * sources differ: every pod writes application logs all the time, while user activity on a quiet
 * cluster may only happen once a day.
 */
export const DEFAULT_SILENCE_WINDOW: Readonly<Record<OlaCategory, string>> = {
  auth_access: '6h',
  network_security: '6h',
  system_application: '15m',
  endpoint_user_activity: '24h',
  api_data_access: '1h',
};
