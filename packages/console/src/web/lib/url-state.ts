/*
 * Page state lives in the URL's query string, so a link shows the same page to whoever opens it.
 * Each page describes its fields with defaults; a field equal to its default stays out of the URL.
 */

/** A page's state: every field is a string (an empty string is "unset"). */
export type PageState<K extends string> = { readonly [P in K]: string };

/** Query parameters the console never writes into a shareable link. */
const PRIVATE_PARAMS = new Set(['token']);

/**
 * Reads a page's state from a query string: known fields only, defaults for the missing ones.
 *
 * @example
 * ```ts
 * readState('?q=up&from=now-1h', { q: '', from: 'now-15m', to: 'now' });
 * // { q: 'up', from: 'now-1h', to: 'now' }
 * ```
 */
export function readState<K extends string>(search: string, defaults: PageState<K>): PageState<K> {
  const params = new URLSearchParams(search);
  const out: Record<string, string> = { ...defaults };
  for (const key of Object.keys(defaults)) {
    const v = params.get(key);
    if (v !== null) out[key] = v;
  }
  return out as PageState<K>;
}

/** Writes a state as a query string (`?a=1&b=2`, or `''`), leaving out fields at their default. */
export function writeState<K extends string>(state: Partial<PageState<K>>, defaults: Partial<PageState<K>> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(state) as Array<[string, string | undefined]>) {
    if (v === undefined || v === '' || PRIVATE_PARAMS.has(k)) continue;
    if ((defaults as Record<string, string | undefined>)[k] === v) continue;
    params.set(k, v);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** A link to a page with its state, e.g. `link('/explore/logs', { q: '{app="x"}' })`. */
export function link<K extends string>(path: string, state: Partial<PageState<K>> = {}, defaults: Partial<PageState<K>> = {}): string {
  return `${path}${writeState(state, defaults)}`;
}

/** Removes the token from a URL's query (it is kept in storage instead, never in a shared link). */
export function withoutToken(href: string): { readonly href: string; readonly token: string | undefined } {
  const url = new URL(href);
  const token = url.searchParams.get('token') ?? undefined;
  if (token === undefined) return { href, token };
  url.searchParams.delete('token');
  return { href: url.toString(), token };
}

/** `key=value` pairs separated by commas (attribute filters), skipping malformed pieces. */
export function parsePairs(text: string): Array<{ readonly key: string; readonly value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  for (const piece of text.split(',')) {
    const i = piece.indexOf('=');
    if (i <= 0) continue;
    const key = piece.slice(0, i).trim();
    const value = piece.slice(i + 1).trim();
    if (key) out.push({ key, value });
  }
  return out;
}
