import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAdmission } from './admission.js';

test('admission: bounds in-flight ingest requests and bytes, and gives them back on release', () => {
  const a = createAdmission({ maxInFlightRequests: 3, maxInFlightBytes: 1000 });
  const big = a.tryAcquire(5000);
  assert.ok(big, 'one request may always run alone, whatever its size');
  assert.equal(a.tryAcquire(1), undefined, 'but nothing else fits beside it');
  big.release();
  big.release();
  assert.deepEqual(a.inFlight(), { requests: 0, bytes: 0 }, 'release is idempotent');
  const t1 = a.tryAcquire(600)!;
  assert.equal(a.tryAcquire(600), undefined);
  const t2 = a.tryAcquire(300)!;
  assert.equal(t2.add(300), true, 'bytes within the declared length are already reserved');
  assert.equal(t2.add(200), false, 'bytes beyond it (decompression, chunked bodies) must fit the budget');
  assert.equal(t1.add(0), true);
  const t3 = a.tryAcquire(0)!;
  assert.equal(a.tryAcquire(0), undefined, 'the request count is bounded too');
  for (const t of [t1, t2, t3]) t.release();
  assert.deepEqual(a.inFlight(), { requests: 0, bytes: 0 });
});
