import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** A stand-in OTLP collector in one of the states the SDK must survive. */
export interface FakeCollector {
  readonly url: string;
  /** Export requests received. */
  received(): number;
  close(): Promise<void>;
}

/**
 * `accept` answers every export with an empty success (what a healthy collector does, at no
 * cost); `hang` accepts the connection and never answers (a stuck collector); `down` is a port
 * nobody listens on.
 */
export async function startFakeCollector(mode: 'accept' | 'hang' | 'down'): Promise<FakeCollector> {
  let received = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    received++;
    req.resume();
    if (mode === 'hang') return;
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const close = (): Promise<void> =>
    new Promise((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  if (mode === 'down') await close();
  return { url: `http://127.0.0.1:${port}`, received: () => received, close: mode === 'down' ? async () => {} : close };
}
