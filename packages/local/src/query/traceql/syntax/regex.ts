import { compileAnchoredRegex } from '../../../model/labels.js';

const MAX_CACHED = 256;
const cache = new Map<string, RegExp>();

/**
 * Compiles the right-hand side of `=~`/`!~`. Tempo matches with Prometheus' FastRegexMatcher, so
 * the pattern is fully anchored and RE2's inline flags apply; compiled patterns are cached because
 * one query tests the same pattern against every span. Throws SyntaxError for an invalid pattern.
 */
export function compileTraceQLRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  re = compileAnchoredRegex(pattern);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(pattern, re);
  return re;
}
