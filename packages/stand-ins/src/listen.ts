import http from 'node:http';
import { AddressInfo } from 'node:net';
import { RunningStandIn } from './types';

/**
 * Starts an HTTP server on 127.0.0.1 and returns its URL and a stop function that
 * also closes idle keep-alive connections, so tests end promptly.
 *
 * @public
 */
export async function listen(
  handler: http.RequestListener,
  port: number,
): Promise<RunningStandIn> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves after `ms` milliseconds (0: immediately). @public */
export function delay(ms: number | undefined): Promise<void> {
  return ms ? new Promise(r => setTimeout(r, ms)) : Promise.resolve();
}

/** Writes a JSON answer. @public */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Reads a whole request body as text. @public */
export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
