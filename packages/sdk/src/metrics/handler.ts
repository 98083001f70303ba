import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, acceptsOpenMetrics, renderOpenMetrics } from './openmetrics.js';

/** A request handler for `/metrics`, usable by Express (`app.get('/metrics', handler)`) and `node:http`. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves the registry: OpenMetrics with exemplars when the scraper asks for it in `Accept`, the
 * classic Prometheus text format otherwise (what `curl` and `promtool` get).
 */
export function createMetricsHandler(registry: () => Registry): MetricsHandler {
  return (req, res) => {
    const openMetrics = acceptsOpenMetrics(req.headers.accept);
    const render = openMetrics ? renderOpenMetrics(registry()) : registry().metrics();
    render.then(
      (body) => {
        res.statusCode = 200;
        res.setHeader('Content-Type', openMetrics ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE);
        res.end(body);
      },
      (error: unknown) => {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(`metrics collection failed: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  };
}
