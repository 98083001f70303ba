import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STALE_NAN } from '../../model/metrics.js';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { startLocalStack, type LocalStack } from '../../local-stack.js';
import { createQueryRunner, PROMQL_JOB_MODULE, type QueryRunner } from '../../query/runner/runner.js';
import { createPrometheusApiRoutes } from './prometheus-api.js';

/** One request and the exact answer Prometheus gives (bodies were checked against Prometheus 2.42 where the versions agree). */
interface Case {
  readonly name: string;
  readonly path: string;
  readonly status: number;
  readonly body: string | RegExp;
  readonly form?: string;
}

const cases: Case[] = [
  {
    name: 'instant vector: three-decimal timestamps, values as strings, labels sorted and HTML-escaped',
    path: '/api/v1/query?query=up&time=61.5',
    status: 200,
    body: '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","instance":"a<b>","job":"node"},"value":[61.500,"0.5"]}]}}'.replace('a<b>', 'a\\u003cb\\u003e'),
  },
  {
    name: 'a scalar carries its time as a plain JSON number',
    path: '/api/v1/query?query=1%2B1&time=1.05',
    status: 200,
    body: '{"status":"success","data":{"resultType":"scalar","result":[1.05,"2"]}}',
  },
  { name: 'string result', path: '/api/v1/query?query=%22abc%22&time=1', status: 200, body: '{"status":"success","data":{"resultType":"string","result":[1,"abc"]}}' },
  {
    name: 'special floats: NaN, +Inf, -Inf, -0, no exponents',
    path: '/api/v1/query?query=vector(0%2F0)%20or%20label_replace(vector(1%2F0),"a","1","","")%20or%20label_replace(vector(-1%2F0),"a","2","","")%20or%20label_replace(vector(-0*1),"a","3","","")%20or%20label_replace(vector(1e21),"a","4","","")%20or%20label_replace(vector(1e-7),"a","5","","")&time=0',
    status: 200,
    body: '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[0,"NaN"]},{"metric":{"a":"1"},"value":[0,"+Inf"]},{"metric":{"a":"2"},"value":[0,"-Inf"]},{"metric":{"a":"3"},"value":[0,"-0"]},{"metric":{"a":"4"},"value":[0,"1000000000000000000000"]},{"metric":{"a":"5"},"value":[0,"0.0000001"]}]}}',
  },
  {
    name: 'range selector in an instant query: the raw samples',
    path: '/api/v1/query?query=up[2m]&time=61.5',
    status: 200,
    body: '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","instance":"a\\u003cb\\u003e","job":"node"},"values":[[1,"1"],[61,"0.5"]]}]}}',
  },
  {
    name: 'range query (a staleness marker ends the series)',
    path: '/api/v1/query_range?query=up&start=0&end=150&step=30',
    status: 200,
    body: '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","instance":"a\\u003cb\\u003e","job":"node"},"values":[[30,"1"],[60,"1"],[90,"0.5"],[120,"0.5"]]}]}}',
  },
  {
    name: 'range query of a scalar: one series without labels',
    path: '/api/v1/query_range?query=time()&start=0&end=2&step=1',
    status: 200,
    body: '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[0,"0"],[1,"1"],[2,"2"]]}]}}',
  },
  {
    name: 'RFC 3339 times and durations as strings',
    path: '/api/v1/query_range?query=vector(1)&start=1970-01-01T00:00:00Z&end=1970-01-01T00:01:00.500%2B00:00&step=30s',
    status: 200,
    body: '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[0,"1"],[30,"1"],[60,"1"]]}]}}',
  },
  { name: 'annotations come as infos', path: '/api/v1/query?query=rate(up[5m])&time=120', status: 200, body: /"infos":\["PromQL info: metric might not be a counter, name does not end in _total\/_sum\/_count\/_bucket: \\"up\\" \(1:6\)"\]\}$/ },
  { name: 'POSTed form', path: '/api/v1/query', form: 'query=count(up)&time=61', status: 200, body: '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[61,"1"]}]}}' },
  { name: 'limit truncates with a warning', path: '/api/v1/query?query=up%20or%20vector(1)&time=61&limit=1', status: 200, body: /"warnings":\["results truncated due to limit"\]/ },
  // Errors: the envelope, type and status of Prometheus.
  { name: 'parse error', path: '/api/v1/query?query=sum(up&time=1', status: 400, body: '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:7: parse error: unclosed left parenthesis"}' },
  { name: 'type error', path: '/api/v1/query?query=rate(up)&time=1', status: 400, body: '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:6: parse error: expected type range vector in call to function \\"rate\\", got instant vector"}' },
  { name: 'bad time', path: '/api/v1/query?query=up&time=abc', status: 400, body: '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"time\\": cannot parse \\"abc\\" to a valid timestamp"}' },
  { name: 'missing start', path: '/api/v1/query_range?query=up&end=1&step=1', status: 400, body: '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"start\\": cannot parse \\"\\" to a valid timestamp"}' },
  { name: 'end before start', path: '/api/v1/query_range?query=up&start=10&end=1&step=1', status: 400, body: '{"status":"error","errorType":"bad_data","error":"end timestamp must not be before start time"}' },
  { name: 'bad step', path: '/api/v1/query_range?query=up&start=0&end=1&step=x', status: 400, body: '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"step\\": cannot parse \\"x\\" to a valid duration"}' },
  { name: 'zero step', path: '/api/v1/query_range?query=up&start=0&end=1&step=0', status: 400, body: '{"status":"error","errorType":"bad_data","error":"zero or negative query resolution step widths are not accepted. Try a positive integer"}' },
  { name: '11,000 points', path: '/api/v1/query_range?query=up&start=0&end=11001&step=1', status: 400, body: '{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"}' },
  { name: 'range query of a range vector', path: '/api/v1/query_range?query=up[5m]&start=0&end=1&step=1', status: 400, body: '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": invalid expression type \\"range vector\\" for range query, must be Scalar or instant Vector"}' },
  { name: 'execution error: 422', path: '/api/v1/query?query=label_replace(up,"x","","y","(")&time=61', status: 422, body: '{"status":"error","errorType":"execution","error":"invalid regular expression in label_replace(): ("}' },
  { name: 'too many samples: 422', path: '/api/v1/query_range?query=vector(1)&start=0&end=10000&step=1', status: 422, body: '{"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"}' },
  { name: 'timeout: 503', path: '/api/v1/query?query=up&time=61&timeout=-1', status: 503, body: '{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}' },
  // Metadata endpoints.
  { name: 'series', path: '/api/v1/series?match[]=up&match[]={job="other"}', status: 200, body: '{"status":"success","data":[{"__name__":"other","job":"other"},{"__name__":"up","instance":"a\\u003cb\\u003e","job":"node"}]}' },
  { name: 'series with a time range that holds nothing', path: '/api/v1/series?match[]=up&start=1000&end=2000', status: 200, body: '{"status":"success","data":[]}' },
  { name: 'series without match[]', path: '/api/v1/series', status: 400, body: '{"status":"error","errorType":"bad_data","error":"no match[] parameter provided"}' },
  { name: 'series with a bad matcher', path: '/api/v1/series?match[]={job=""}', status: 400, body: '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"match[]\\": 1:1: parse error: vector selector must contain at least one non-empty matcher"}' },
  { name: 'labels', path: '/api/v1/labels', status: 200, body: '{"status":"success","data":["__name__","instance","job"]}' },
  { name: 'labels of some series', path: '/api/v1/labels?match[]=other', status: 200, body: '{"status":"success","data":["__name__","job"]}' },
  { name: 'label values', path: '/api/v1/label/job/values', status: 200, body: '{"status":"success","data":["node","other"]}' },
  { name: 'metric names', path: '/api/v1/label/__name__/values?limit=1', status: 200, body: '{"status":"success","data":["other"],"warnings":["results truncated due to limit"]}' },
  { name: 'metadata', path: '/api/v1/metadata', status: 200, body: '{"status":"success","data":{"up":[{"type":"gauge","help":"Whether the target is up.","unit":""}]}}' },
  { name: 'metadata with a bad limit', path: '/api/v1/metadata?limit=x', status: 400, body: '{"status":"error","errorType":"bad_data","error":"limit must be a number"}' },
  {
    name: 'exemplars of the selectors in a query',
    path: '/api/v1/query_exemplars?query=rate(up[5m])&start=0&end=100',
    status: 200,
    body: '{"status":"success","data":[{"seriesLabels":{"__name__":"up","instance":"a\\u003cb\\u003e","job":"node"},"exemplars":[{"labels":{"trace_id":"abc"},"value":"0.25","timestamp":1.500}]}]}',
  },
  { name: 'format_query', path: '/api/v1/format_query?query=sum(rate(x[5m]))by(a)', status: 200, body: '{"status":"success","data":"sum by (a) (rate(x[5m]))"}' },
  { name: 'rules without a rule manager', path: '/api/v1/rules', status: 200, body: '{"status":"success","data":{"groups":[]}}' },
  { name: 'alerts without a rule manager', path: '/api/v1/alerts', status: 200, body: '{"status":"success","data":{"alerts":[]}}' },
  { name: 'buildinfo', path: '/api/v1/status/buildinfo', status: 200, body: /^\{"status":"success","data":\{"version":"3\.5\.0",/ },
];

describe('Prometheus HTTP API', () => {
  let stack: LocalStack;
  let runner: QueryRunner;
  before(async () => {
    const store = createInMemoryStore();
    await store.appendMetrics({
      series: [
        { labels: { __name__: 'up', job: 'node', instance: 'a<b>' }, samples: [{ t: 1000, v: 1 }, { t: 61_000, v: 0.5 }, { t: 121_000, v: STALE_NAN }], exemplars: [{ labels: { trace_id: 'abc' }, value: 0.25, t: 1500 }] },
        { labels: { __name__: 'other', job: 'other' }, samples: [{ t: 5000, v: 3 }] },
      ],
      metadata: [{ metric: 'up', type: 'gauge', help: 'Whether the target is up.', unit: '' }],
    });
    runner = createQueryRunner({ readers: store, modules: [{ url: PROMQL_JOB_MODULE, options: { maxSamples: 5000 } }] });
    stack = await startLocalStack({ store, prometheus: false, ports: { http: 0, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, log: () => {}, routes: () => createPrometheusApiRoutes({ runner, now: () => 61_000 }) });
  });
  after(async () => {
    await stack.stop();
    await runner.close();
  });

  for (const c of cases) {
    test(c.name, async () => {
      const init: RequestInit = c.form === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: c.form };
      const res = await fetch(stack.urls.http! + c.path, init);
      const body = await res.text();
      assert.equal(res.status, c.status, body);
      if (typeof c.body === 'string') assert.equal(body, c.body);
      else assert.match(body, c.body);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    });
  }
});
