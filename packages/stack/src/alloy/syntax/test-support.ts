/** A deep copy of a syntax tree without `pos`/`labelPos`, so trees from different texts compare equal. */
export function withoutPositions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPositions);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pos' || key === 'labelPos') continue;
    out[key] = withoutPositions(value);
  }
  return out;
}
