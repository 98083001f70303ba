import { fileURLToPath } from 'node:url';

/**
 * The package's `vendor/` folder (the pinned charts' defaults and the CRDs, see its README.md),
 * found from this module so it works from `dist/` in the repository and in an installed package.
 */
export const DEFAULT_VENDOR_DIR: string = fileURLToPath(new URL('../../vendor', import.meta.url));
