import type { IncomingMessage } from 'node:http';
import type { Context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { requestInfo } from './request-info.js';

/**
 * The route label of a request that no route matched (a 404 from the router, a scanner probing
 * paths): one value, so that random URLs cannot create unbounded series.
 */
export const UNMATCHED_ROUTE = 'unmatched';

interface ExpressRequestFields {
  route?: { path?: unknown };
  baseUrl?: unknown;
}

/**
 * The route template of a finished request, never its raw URL:
 * 1. what `setRoute()` named (plain `node:http`);
 * 2. when Express matched a route, the template the Express instrumentation built across nested
 *    routers (`/api/items/:id`), or without tracing, `baseUrl` plus the route's own path;
 * 3. otherwise {@link UNMATCHED_ROUTE}.
 */
export function resolveRoute(req: IncomingMessage, requestContext: Context): string {
  const named = requestInfo(req).route;
  if (named) return named;
  const express = req as IncomingMessage & ExpressRequestFields;
  if (!express.route) return UNMATCHED_ROUTE;
  const metadata = getRPCMetadata(requestContext);
  if (metadata?.type === RPCType.HTTP && metadata.route) return metadata.route;
  const path = typeof express.route.path === 'string' ? express.route.path : UNMATCHED_ROUTE;
  const base = typeof express.baseUrl === 'string' ? express.baseUrl : '';
  return `${base}${path}` || '/';
}
