#!/usr/bin/env node
// The srcobs command. The code is compiled TypeScript in ../dist; `npm ci` builds it.
import('../dist/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/main.js')) {
    console.error('srcobs is not built yet: run `npm run build` (or `npm ci`) in the srcobs checkout.');
    process.exit(1);
  }
  throw error;
});
