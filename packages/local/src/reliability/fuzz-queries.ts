import fc from 'fast-check';

/**
 * Random requests to every query endpoint of the local stack (Prometheus `/api/v1/*`, Loki
 * `/loki/api/v1/*`, Tempo `/api/*`, `/api/srcobs/*`): real query fragments glued together, cut
 * and salted with junk, every parameter the endpoints read with values in every wrong format, path
 * segments with broken escapes, other methods and bodies. Mistakes a user or a buggy client makes.
 */

/** One generated request. */
export interface FuzzRequest {
  readonly method: string;
  /** Path and query string. */
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

const PROMQL = ['up', 'reliability_rw', 'reliability_otlp_gauge', 'rate(reliability_rw[5m])', 'sum by (lane) (reliability_rw)', '{__name__=~".+"}', 'histogram_quantile(0.9, rate(x_bucket[5m]))', 'topk(3, reliability_rw)', 'label_replace(up, "a", "$1", "b", "(.*)")', '1 / 0', 'absent(nope)', 'count_values("v", reliability_rw)', 'quantile_over_time(2, reliability_rw[1m])', 'time()', 'vector(1) and on() vector(2)', 'reliability_rw[5m:1s]', 'reliability_rw offset -1h', 'reliability_rw @ end()', '{lane=~"(a+)+$"}', 'sort_desc(', ')', '{', '}', '[', '5m]', '"', '\\', '~', 'by (', 'on(lane) group_left', 'scalar(', 'predict_linear(reliability_rw[1m], 60)', 'holt_winters(reliability_rw[1m], 0.5, 0.5)', '-', '^', '%', 'bool', 'ignoring(', 'nan', 'Inf', '0x1p-2', '1e309'];
const LOGQL = ['{sender="loki"}', '{service_name="reliability-logs"}', '{app=~".+"}', '|= "batch"', '!= "x"', '|~ "(a+)+$"', '| json', '| logfmt', '| pattern "<a> <b>"', '| regexp "(?P<x>\\\\d+)"', '| line_format "{{.x}}"', '| label_format a=b', '| unwrap x', '| drop a', '| keep b', 'count_over_time(', 'rate(', 'sum by (lane) (', '[5m])', ')', '{', '}', '|', '`', '"', 'quantile_over_time(0.5,', 'topk(2,', 'absent_over_time(', '| decolorize', '| ip("1.2.3.4")', '| __error__=""', 'offset 1h', '[1y]'];
const TRACEQL = ['{}', '{ .lane = "1" }', '{ span.batch > 2 }', '{ resource.service.name = "reliability-traces" }', '{ name =~ "(a+)+$" }', '{ duration > 1ms }', '{ status = error }', '>>', '&&', '||', '| count() > 1', '| select(.lane)', '| rate()', '{ kind = server }', '{', '}', '"', '.', 'span.', '~', '!~', '{ nestedSetParent < 0 }', '| by(.lane)', '{ event:name = "x" }', '{ trace:duration > 0 }', 'max(duration)'];
const TIMES = ['', 'now', '0', '-1', '1', '1e20', '-1e20', 'NaN', 'Inf', '-Inf', '+Inf', '2024-01-01T00:00:00Z', '2024-13-45T99:99:99Z', '1.5', '9999999999999999999999', '1700000000000000000', 'now-1h', '1h', 'abc', '0x10', ' 1'];
const DURATIONS = ['', '0', '-1', '1', '1s', '0.001', '1e-9', '1y', '1000000000', 'abc', '15', '1ms', '-5m', 'NaN', '1h30m', '99999999999d'];
const NUMBERS = ['', '0', '-1', '1', '5000', '100000000000', 'abc', '1.5', 'NaN', '-0', '1e3'];
const NAMES = ['job', 'lane', '__name__', 'service_name', 'sender', '', 'a b', '%zz', '%', '%E0%A4%A', '%2F', '..', 'ünïcode', '__error__', 'span.lane', 'resource.service.name', '.lane', 'name', 'status'];

const junk = fc.string({ maxLength: 40, unit: 'binary' });
const pick = (list: readonly string[]): fc.Arbitrary<string> => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...list) }, { weight: 1, arbitrary: junk });

/** A query built from real fragments, sometimes cut short or salted with junk. */
function query(fragments: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 5 }), fc.oneof(fc.constant(''), junk), fc.nat({ max: 200 }), fc.boolean())
    .map(([parts, salt, cut, shorten]) => {
      const q = parts.join(' ') + salt;
      return shorten ? q.slice(0, cut) : q;
    });
}

type ParamSpec = Readonly<Record<string, fc.Arbitrary<string>>>;

interface EndpointSpec {
  /** Path; `{}` is a path segment drawn from `segment`. */
  readonly path: string;
  readonly methods: readonly string[];
  readonly params: ParamSpec;
  readonly segment?: fc.Arbitrary<string>;
}

const promTime = pick(TIMES);
const promParams: ParamSpec = { query: query(PROMQL), time: promTime, timeout: pick(DURATIONS), limit: pick(NUMBERS) };
const promRange: ParamSpec = { query: query(PROMQL), start: promTime, end: promTime, step: pick(DURATIONS), timeout: pick(DURATIONS) };
const promMatch: ParamSpec = { 'match[]': query(PROMQL), start: promTime, end: promTime, limit: pick(NUMBERS) };
const lokiParams: ParamSpec = { query: query(LOGQL), time: promTime, start: promTime, end: promTime, limit: pick(NUMBERS), direction: pick(['forward', 'backward', 'FORWARD', '']), step: pick(DURATIONS), interval: pick(DURATIONS), since: pick(DURATIONS) };
const lokiMatch: ParamSpec = { 'match[]': query(LOGQL), query: query(LOGQL), start: promTime, end: promTime, since: pick(DURATIONS) };
const tempoSearch: ParamSpec = { q: query(TRACEQL), tags: pick(['lane=1', 'service.name=reliability-traces', 'a', '=', 'x="y z"']), limit: pick(NUMBERS), spss: pick(NUMBERS), start: pick(NUMBERS), end: pick(NUMBERS), minDuration: pick(DURATIONS), maxDuration: pick(DURATIONS) };
const traceId = fc.oneof(fc.constantFrom('c0ffee00000000000000000000000001', '0', '', 'zz', '%zz', 'c0ffee0000000000000000000000000100', '0000000000000000'), fc.string({ maxLength: 40, unit: fc.constantFrom(...'0123456789abcdefABCDEF') }), junk.map(encodeURIComponent));

/** Every query endpoint of the local stack with the parameters it reads. */
export const QUERY_ENDPOINTS: readonly EndpointSpec[] = [
  { path: '/api/v1/query', methods: ['GET', 'POST'], params: promParams },
  { path: '/api/v1/query_range', methods: ['GET', 'POST'], params: promRange },
  { path: '/api/v1/query_exemplars', methods: ['GET', 'POST'], params: promRange },
  { path: '/api/v1/series', methods: ['GET', 'POST'], params: promMatch },
  { path: '/api/v1/labels', methods: ['GET', 'POST'], params: promMatch },
  { path: '/api/v1/label/{}/values', methods: ['GET'], params: promMatch, segment: pick(NAMES) },
  { path: '/api/v1/metadata', methods: ['GET'], params: { metric: pick(NAMES), limit: pick(NUMBERS), limit_per_metric: pick(NUMBERS) } },
  { path: '/api/v1/format_query', methods: ['GET', 'POST'], params: { query: query(PROMQL) } },
  { path: '/api/v1/rules', methods: ['GET'], params: { type: pick(['alert', 'record', '']), 'rule_name[]': pick(NAMES), 'group_name[]': pick(NAMES), 'file[]': pick(NAMES) } },
  { path: '/api/v1/alerts', methods: ['GET'], params: {} },
  { path: '/api/v1/status/buildinfo', methods: ['GET'], params: {} },
  { path: '/api/v1/status/flags', methods: ['GET'], params: {} },
  { path: '/api/v1/status/config', methods: ['GET'], params: {} },
  { path: '/loki/api/v1/query', methods: ['GET', 'POST'], params: lokiParams },
  { path: '/loki/api/v1/query_range', methods: ['GET', 'POST'], params: lokiParams },
  { path: '/loki/api/v1/labels', methods: ['GET', 'POST'], params: lokiMatch },
  { path: '/loki/api/v1/label', methods: ['GET'], params: lokiMatch },
  { path: '/loki/api/v1/label/{}/values', methods: ['GET'], params: lokiMatch, segment: pick(NAMES) },
  { path: '/loki/api/v1/series', methods: ['GET', 'POST'], params: lokiMatch },
  { path: '/loki/api/v1/index/stats', methods: ['GET', 'POST'], params: lokiMatch },
  { path: '/loki/api/v1/index/volume', methods: ['GET', 'POST'], params: { ...lokiMatch, limit: pick(NUMBERS), targetLabels: pick(NAMES), aggregateBy: pick(['series', 'labels', 'x']) } },
  { path: '/loki/api/v1/index/volume_range', methods: ['GET', 'POST'], params: { ...lokiMatch, step: pick(DURATIONS), limit: pick(NUMBERS) } },
  { path: '/loki/api/v1/detected_fields', methods: ['GET'], params: { ...lokiParams, line_limit: pick(NUMBERS), field_limit: pick(NUMBERS) } },
  { path: '/loki/api/v1/detected_labels', methods: ['GET'], params: lokiMatch },
  { path: '/loki/api/v1/format_query', methods: ['GET', 'POST'], params: { query: query(LOGQL) } },
  { path: '/loki/api/v1/tail', methods: ['GET'], params: { query: query(LOGQL), limit: pick(NUMBERS), delay_for: pick(NUMBERS) } },
  { path: '/loki/api/v1/rules', methods: ['GET'], params: {} },
  { path: '/loki/api/v1/rules/{}', methods: ['GET'], params: {}, segment: pick(NAMES) },
  { path: '/loki/api/v1/status/buildinfo', methods: ['GET'], params: {} },
  { path: '/api/traces/{}', methods: ['GET'], params: { start: pick(NUMBERS), end: pick(NUMBERS) }, segment: traceId },
  { path: '/api/v2/traces/{}', methods: ['GET'], params: { start: pick(NUMBERS), end: pick(NUMBERS) }, segment: traceId },
  { path: '/api/search', methods: ['GET'], params: tempoSearch },
  { path: '/api/search/tags', methods: ['GET'], params: { scope: pick(['span', 'resource', 'intrinsic', 'all', 'x']), q: query(TRACEQL), start: pick(NUMBERS), end: pick(NUMBERS) } },
  { path: '/api/v2/search/tags', methods: ['GET'], params: { scope: pick(['span', 'resource', 'intrinsic', 'all', 'x']), q: query(TRACEQL) } },
  { path: '/api/search/tag/{}/values', methods: ['GET'], params: { q: query(TRACEQL), start: pick(NUMBERS), end: pick(NUMBERS) }, segment: pick(NAMES) },
  { path: '/api/v2/search/tag/{}/values', methods: ['GET'], params: { q: query(TRACEQL) }, segment: pick(NAMES) },
  { path: '/api/echo', methods: ['GET'], params: {} },
  { path: '/api/status/buildinfo', methods: ['GET'], params: {} },
  { path: '/api/srcobs/status', methods: ['GET'], params: {} },
  { path: '/api/srcobs/dashboards', methods: ['GET'], params: {} },
  { path: '/api/srcobs/ola', methods: ['GET'], params: { from: pick(TIMES), to: pick(TIMES) } },
];

const OTHER_METHODS = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const CONTENT_TYPES = ['application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data', ''];

function encodeSegment(raw: string): string {
  // Segments drawn with a '%' are sent as written: broken escapes are part of the test.
  return raw.includes('%') ? raw : encodeURIComponent(raw);
}

/** A request to one of {@link QUERY_ENDPOINTS}. */
export const fuzzQueryRequest: fc.Arbitrary<FuzzRequest> = fc.constantFrom(...QUERY_ENDPOINTS).chain((ep) =>
  fc
    .record({
      params: fc.record(ep.params, { requiredKeys: [] }),
      repeat: fc.boolean(),
      segment: ep.segment ?? fc.constant(''),
      otherMethod: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) }),
      method: fc.constantFrom(...ep.methods),
      bodyKind: fc.constantFrom('form', 'form', 'junk'),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      junkBody: junk,
    })
    .map(({ params, repeat, segment, otherMethod, method, bodyKind, contentType, junkBody }): FuzzRequest => {
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) {
        if (v === undefined) continue;
        search.append(k, v);
        if (repeat) search.append(k, `${v}x`);
      }
      const path = ep.path.replace('{}', encodeSegment(segment));
      const m = otherMethod ?? method;
      if (m !== 'POST') return { method: m, target: `${path}?${search}`, headers: {}, body: undefined };
      return bodyKind === 'form'
        ? { method: m, target: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: search.toString() }
        : { method: m, target: `${path}?${search}`, headers: { 'content-type': contentType }, body: junkBody };
    }),
);
