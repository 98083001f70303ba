/** Limits on ingest requests being read, decoded or written at one time. */
export interface AdmissionLimits {
  /** Ingest requests in flight at once; the next one is answered 429 before its body is read. */
  readonly maxInFlightRequests: number;
  /** Body bytes (received plus decompressed) held by in-flight ingest requests. */
  readonly maxInFlightBytes: number;
}

/** One admitted request's share of the budget. */
export interface AdmissionTicket {
  /** Accounts more bytes to this request; false (and nothing accounted) when the budget is spent. */
  add(bytes: number): boolean;
  /** Gives the request's share back; idempotent. */
  release(): void;
}

/** Admission control for ingest: what bounds the memory a flood can take. */
export interface Admission {
  /** A ticket for a request declaring `declaredBytes` (0 when unknown), or undefined: answer 429. */
  tryAcquire(declaredBytes: number): AdmissionTicket | undefined;
  /** Current use, for self-metrics. */
  inFlight(): { readonly requests: number; readonly bytes: number };
}

/**
 * Creates the global in-flight limiter shared by every ingest route of every port. A request is
 * admitted when there is a request slot and its declared length fits; bytes that arrive beyond the
 * declaration (chunked bodies, decompression) are accounted as they come and the request fails
 * with 429 when they do not fit, so memory stays bounded whatever clients send.
 */
export function createAdmission(limits: AdmissionLimits): Admission {
  let requests = 0;
  let bytes = 0;
  return {
    tryAcquire(declaredBytes) {
      const reserve = Math.max(0, declaredBytes);
      if (requests >= limits.maxInFlightRequests) return undefined;
      // One request may always run alone, however large (the body limit bounds it), so a single
      // big batch is never refused forever.
      if (requests > 0 && bytes + reserve > limits.maxInFlightBytes) return undefined;
      requests++;
      bytes += reserve;
      let held = reserve;
      let seen = 0;
      let released = false;
      return {
        add(n) {
          if (released) return false;
          seen += n;
          // Bytes within the declared length were reserved up front.
          const extra = Math.max(0, seen - held);
          if (extra === 0) return true;
          if (requests > 1 && bytes + extra > limits.maxInFlightBytes) return false;
          bytes += extra;
          held += extra;
          return true;
        },
        release() {
          if (released) return;
          released = true;
          requests--;
          bytes -= held;
        },
      };
    },
    inFlight: () => ({ requests, bytes }),
  };
}
