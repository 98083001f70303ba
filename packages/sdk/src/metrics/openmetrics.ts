import { Registry, type Metric, type OpenMetricsContentType } from 'prom-client';

/** What Prometheus sends when it can read OpenMetrics (and so exemplars). */
export const OPENMETRICS_CONTENT_TYPE = Registry.OPENMETRICS_CONTENT_TYPE;
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

interface MetricLike {
  readonly name: string;
  readonly type: unknown;
  get(): Promise<{ name: string } & Record<string, unknown>>;
}

/**
 * A read-only stand-in for one metric in an OpenMetrics registry. prom-client's OpenMetrics
 * registry renames counters in place (strips `_total`, then appends it to each sample), which
 * would corrupt the classic registry that owns the same object; the stand-in takes the rename.
 */
function openMetricsView(metric: MetricLike): MetricLike {
  const isCounter = String(metric.type) === 'counter';
  const familyName = isCounter ? metric.name.replace(/_total$/, '') : metric.name;
  return {
    name: familyName,
    type: metric.type,
    async get() {
      const data = await metric.get();
      return { ...data, name: familyName };
    },
  };
}

/**
 * Renders a classic registry in the OpenMetrics text format, with the histogram exemplars the
 * classic format cannot carry. The registry itself is not changed, so the classic `/metrics`
 * output stays the same whichever format scrapers ask for.
 */
export async function renderOpenMetrics(registry: Registry): Promise<string> {
  const view = new Registry<OpenMetricsContentType>();
  view.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  for (const metric of registry.getMetricsAsArray() as unknown as MetricLike[]) {
    view.registerMetric(openMetricsView(metric) as unknown as Metric);
  }
  return view.metrics();
}

/** True when the scraper's `Accept` header asks for OpenMetrics (Prometheus does by default). */
export function acceptsOpenMetrics(accept: string | undefined): boolean {
  return accept !== undefined && /application\/openmetrics-text/i.test(accept);
}
