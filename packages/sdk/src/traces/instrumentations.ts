import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/**
 * The instrumentations every srcobs service gets: incoming and outgoing `node:http`, Express
 * route handlers, and `fetch`/undici (Node's own HTTP client). No request or response header is
 * ever recorded, so `Authorization` and `Cookie` cannot reach a span.
 */
export function defaultInstrumentations(quietPaths: readonly string[]): Instrumentation[] {
  return [
    new HttpInstrumentation({
      // Scrapes and probes would otherwise be most of the traces of an idle service.
      ignoreIncomingRequestHook: (req) => quietPaths.includes(pathOf(req.url)),
    }),
    // One span per route handler; a span per middleware (body parser, the SDK's own) is noise.
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
    new UndiciInstrumentation(),
  ];
}
