/** The socket transport: a node:http server on 127.0.0.1 that carries out delivery plans. */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Delivery } from './faults.js';
import { cancelAll, schedule, type TimerHandle } from './timers.js';

export interface NodeServerHandle {
  readonly url: string;
  close(): Promise<void>;
}

const NO_BODY = new Set([204, 205, 304]);

export async function startNodeServer(port: number, handle: (method: string, target: string) => Delivery): Promise<NodeServerHandle> {
  // Loaded lazily so the package imports in runtimes without node:http (listen: false).
  const http = await import('node:http');
  const sockets = new Set<Socket>();
  const timers = new Set<TimerHandle>();
  let closing = false;

  const write = (res: ServerResponse, delivery: Extract<Delivery, { type: 'send' }>): void => {
    const { status, headers, body } = delivery.response;
    if (NO_BODY.has(status)) {
      res.writeHead(status, headers).end();
      return;
    }
    if (!delivery.chunked) {
      res.writeHead(status, { ...headers, 'content-length': String(body.length) }).end(body);
      return;
    }
    res.writeHead(status, headers);
    for (let i = 0; i < body.length; i += 64 * 1024) res.write(body.subarray(i, i + 64 * 1024));
    res.end();
  };

  const drip = (res: ServerResponse, delivery: Extract<Delivery, { type: 'drip' }>): void => {
    const { status, headers, body } = delivery.response;
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    res.flushHeaders();
    let offset = 0;
    const next = (): void => {
      if (res.destroyed) return;
      res.write(body.subarray(offset, offset + delivery.chunkBytes));
      offset += delivery.chunkBytes;
      if (offset >= body.length) res.end();
      else schedule(timers, delivery.chunkDelayMs, next);
    };
    schedule(timers, delivery.chunkDelayMs, next);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    let delivery: Delivery;
    try {
      delivery = handle(req.method ?? 'GET', req.url ?? '/');
    } catch {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end('{"error":"server_error"}');
      return;
    }
    switch (delivery.type) {
      case 'outage':
        // No status line at all: the client sees the connection drop.
        req.socket.destroy();
        return;
      case 'hang':
        return; // answered by close(), which destroys the socket
      case 'drip':
        drip(res, delivery);
        return;
      case 'send':
        if (delivery.delayMs > 0) {
          schedule(timers, delivery.delayMs, () => {
            if (!res.destroyed) write(res, delivery);
          });
        } else write(res, delivery);
    }
  };

  const server: Server = http.createServer(onRequest);
  server.on('connection', (socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('@tokenward/testing: the server has no TCP address');

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        cancelAll(timers);
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closed;
    },
  };
}
