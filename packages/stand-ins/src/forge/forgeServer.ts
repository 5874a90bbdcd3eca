import http from 'node:http';
import { readBody, sendJson } from '../listen';

/** One call received by a forge stand-in (for tests and the demo). @public */
export interface ForgeCall {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, when any. */
  body?: unknown;
  /** Status answered. */
  status: number;
  at: string;
}

/** What a forge route answers: JSON `body`, or `raw` bytes (an archive, a redirect). */
export interface ForgeAnswer {
  status: number;
  body: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

/**
 * The API part of a forge stand-in (GitLab, GitHub): reads and parses the JSON
 * body of a write, asks `handle`, records the call and writes the answer. Each
 * forge gives its own error bodies, in the shape that forge answers them.
 */
export async function answerForgeRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  options: {
    handle(
      req: http.IncomingMessage,
      url: URL,
      body: Record<string, unknown>,
    ): Promise<ForgeAnswer>;
    calls: ForgeCall[];
    notJsonBody: unknown;
    badRequestBody(message: string): unknown;
  },
): Promise<void> {
  try {
    const raw = ['POST', 'PUT', 'PATCH'].includes(req.method ?? '')
      ? await readBody(req)
      : '';
    let parsed: unknown = undefined;
    if (raw) {
      try {
        parsed = JSON.parse(raw);
      } catch {
        sendJson(res, 400, options.notJsonBody);
        return;
      }
    }
    const answer = await options.handle(
      req,
      url,
      (parsed ?? {}) as Record<string, unknown>,
    );
    options.calls.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      body: parsed,
      status: answer.status,
      at: new Date().toISOString(),
    });
    for (const [k, v] of Object.entries(answer.headers ?? {}))
      res.setHeader(k, v);
    if (answer.raw) {
      res.writeHead(answer.status, { 'content-length': answer.raw.length });
      res.end(answer.raw);
    } else sendJson(res, answer.status, answer.body);
  } catch (e) {
    sendJson(res, 400, options.badRequestBody((e as Error).message));
  }
}

/** Escapes text for the stand-ins' small HTML pages. */
export function escapeHtml(s: string) {
  return s.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}
