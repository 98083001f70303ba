import { defaultConfig } from '../config/parse.js';
import type { StackConfig } from '../config/types.js';

/**
 * The default config (the seed's stack, corrected) with top-level sections replaced, so a test
 * states only what it varies.
 */
export function testConfig(overrides: Partial<StackConfig> = {}): StackConfig {
  return { ...defaultConfig(), ...overrides };
}
