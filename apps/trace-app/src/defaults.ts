/** trace-app's port when PORT is not set (the seed's). */
export const TRACE_APP_PORT = 8000;
