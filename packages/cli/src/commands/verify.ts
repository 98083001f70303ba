import { DEFAULT_HOP_TIMEOUT_MS, durationMs, verifyPath, type VerifyReport } from '@srcobs/local';
import type { Command } from '../command.js';
import { EXIT, ExitError, UsageError } from '../errors.js';
import { formatTable, paint, type Output } from '../output.js';
import { progress } from '../progress.js';
import { ENDPOINT_OPTIONS, clientOf, endpointsOf } from './endpoints.js';

function printReport(output: Output, r: VerifyReport): void {
  output.out.write(`Request ${r.request} with trace id ${r.traceId}\n\n`);
  output.out.write(
    formatTable(
      ['hop', 'result', 'after', 'checked at', 'detail'],
      r.hops.map((h) => [h.name, h.ok ? paint(output, 'green', 'pass') : paint(output, 'red', 'FAIL'), `${h.seconds.toFixed(2)} s`, h.at, h.detail]),
    ),
  );
}

/** `srcobs verify`: one request, followed through every store. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'send one request with a known trace id and find its trace, logs and metrics in the stores',
  usage: 'srcobs verify [--url <url> | --prometheus-url <url> --loki-url <url> --tempo-url <url>] [--trace-app-url <url>] [--json]',
  description: `
Checks the whole telemetry path end to end. It sends GET /fast to trace-app with a W3C
traceparent header carrying a trace id it generated, then looks for that request in every store,
the way you would find it in Grafana:
  request  trace-app answers
  traces   the trace (Tempo API /api/traces/<id>) has trace-app's server span under the span
           verify sent, and test-app's server span under a trace-app span
  logs     both services wrote lines with the trace id (Loki: {service_name=~"..."} |= "<id>")
  metrics  Prometheus has an exemplar with the trace id, or at least the route's request counter
           moved at the first scrape after the request
Each hop is polled until found or --timeout passes (scrapes and batch exporters take seconds), and
is reported pass/fail with the time it took to show up.

Local stack (default): the stack and trace-app started by \`srcobs up\` from this folder.
A cluster: give the Grafana data sources' URLs (--prometheus-url, --loki-url, --tempo-url) and
trace-app's address (--trace-app-url, e.g. through \`kubectl port-forward\`).
Exit code 0 when every hop passes, 1 when one fails (named in the message), 3 when there is no
local stack to check.`,
  options: {
    ...ENDPOINT_OPTIONS,
    'trace-app-url': { type: 'string', description: "trace-app's base URL (default: the local playground's)", valueName: 'url' },
    timeout: { type: 'string', default: `${DEFAULT_HOP_TIMEOUT_MS / 1000}s`, description: 'how long each store may take to show the request', valueName: 'duration' },
    json: { type: 'boolean', description: 'print the report as JSON' },
  },
  examples: [
    ['srcobs verify', 'check the local stack started here with `srcobs up`'],
    ['srcobs verify --json | jq ".hops[] | {name, ok, seconds}"', 'machine-readable hops and timings'],
    [
      'srcobs verify --prometheus-url http://prometheus.monitoring:9090 --loki-url http://loki-gateway.monitoring --tempo-url http://tempo.monitoring:3200 --trace-app-url http://localhost:8000',
      'check a cluster through its data sources (trace-app port-forwarded to :8000)',
    ],
  ],
  async run({ values }, output) {
    const resolved = endpointsOf(values);
    const traceAppUrl = values['trace-app-url'] ? String(values['trace-app-url']) : resolved.local?.services.find((s) => s.name === 'trace-app')?.url;
    if (!traceAppUrl) throw new UsageError('no trace-app to send the request to: pass --trace-app-url (the local stack here runs without the playground)');
    const timeoutMs = durationMs(String(values['timeout']), 'timeout');
    progress(output, `Sending GET ${traceAppUrl}/fast with a fresh trace id, then looking for it in every store (up to ${timeoutMs / 1000} s each)…`);
    const report = await verifyPath({
      client: clientOf(resolved),
      traceAppUrl,
      timeoutMs,
      onProgress: (waiting, elapsed) => {
        if (elapsed >= 1000 && Math.round(elapsed / 1000) % 3 === 0) progress(output, `  still waiting for ${waiting.join(', ')} (${Math.round(elapsed / 1000)} s)`);
      },
    });
    if (values['json']) output.out.write(`${JSON.stringify(report, null, 2)}\n`);
    else printReport(output, report);
    if (!report.ok) {
      const hop = report.hops.find((h) => h.name === report.failed);
      throw new ExitError(EXIT.PROBLEM, `${paint(output, 'red', 'Broken hop')}: ${report.failed} (${hop?.title ?? ''} at ${hop?.at ?? '?'}): ${hop?.detail ?? ''}`);
    }
    if (!values['json']) output.out.write(`\n${paint(output, 'green', 'All hops pass')}: the request's trace, logs and metrics are where Grafana looks for them.\n`);
  },
};
