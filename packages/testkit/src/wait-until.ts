/**
 * Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`
 * with the last error or value, so a failing test says what it was waiting for.
 */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : String(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
