import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Attributes that hold a whole URL or a path with its query string (old and stable HTTP semconv). */
const URL_ATTRIBUTES = ['http.url', 'http.target', 'url.full', 'http.request.url'];
/** Attributes that hold the query string alone. */
const QUERY_ATTRIBUTES = ['url.query'];
export const REDACTED_VALUE = 'REDACTED';

function redactPairs(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? pair : `${pair.slice(0, eq)}=${REDACTED_VALUE}`;
    })
    .join('&');
}

/**
 * The URL with every query value and any user:password replaced. Which parameters are secret
 * (`api_key`, `token`, `sig`, a vendor's own name) cannot be known, so all values go; the names
 * stay, which is what a trace reader needs to tell requests apart.
 */
export function redactUrl(url: string): string {
  let out = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, `$1${REDACTED_VALUE}@`);
  const q = out.indexOf('?');
  if (q < 0) return out;
  const hash = out.indexOf('#', q);
  const query = hash < 0 ? out.slice(q + 1) : out.slice(q + 1, hash);
  out = `${out.slice(0, q + 1)}${redactPairs(query)}${hash < 0 ? '' : out.slice(hash)}`;
  return out;
}

/**
 * Rewrites URL attributes as each span starts, before any exporter can see them: HTTP
 * instrumentations record the raw URL, query string included, and only redact a short list of
 * well-known parameter names. Registered first, so every processor after it sees the safe form.
 */
export class QueryRedactingSpanProcessor implements SpanProcessor {
  onStart(span: Span, _parentContext: Context): void {
    const attributes = span.attributes;
    for (const key of URL_ATTRIBUTES) {
      const value = attributes[key];
      if (typeof value === 'string' && (value.includes('?') || value.includes('@'))) span.setAttribute(key, redactUrl(value));
    }
    for (const key of QUERY_ATTRIBUTES) {
      const value = attributes[key];
      if (typeof value === 'string' && value !== '') span.setAttribute(key, redactPairs(value.replace(/^\?/, '')));
    }
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
