/*
 * Calls one Thanos Querier (or Prometheus): server-side credentials, Thanos
 * parameters, a timeout on every call, and errors that say what went wrong.
 */
import { redactUrlCredentials } from '@pcscol/plugin-pegase-node';
import { QuerierConfig } from '../config';

/**
 * A failed upstream call: the message is shown on the graph, so it never carries
 * credentials written in a URL (the querier's, or one an upstream error echoes).
 * @public
 */
export class QuerierError extends Error {
  readonly name = 'QuerierError';

  constructor(message: string) {
    super(redactUrlCredentials(message));
  }
}

/** A successful answer. @public */
export interface QuerierAnswer<T> {
  data: T;
  warnings: string[];
}

/** Prometheus matrix result. @public */
export type Matrix = Array<{
  metric: Record<string, string>;
  values: Array<[number, string]>;
}>;

/** `/api/v1/alerts` result. @public */
export interface AlertsData {
  alerts: Array<{
    labels: Record<string, string>;
    annotations?: Record<string, string>;
    state: string;
    activeAt?: string;
    value?: string;
  }>;
}

/** The HTTP client of one querier. @public */
export class QuerierClient {
  constructor(
    readonly config: QuerierConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private headers(): Record<string, string> {
    const h: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    };
    if (this.config.token) h.authorization = `Bearer ${this.config.token}`;
    else if (this.config.basicAuth) {
      h.authorization = `Basic ${Buffer.from(this.config.basicAuth).toString(
        'base64',
      )}`;
    }
    if (this.config.tenantHeader && this.config.tenant)
      h[this.config.tenantHeader] = this.config.tenant;
    return h;
  }

  private async call<T>(
    path: string,
    form?: Record<string, string>,
  ): Promise<QuerierAnswer<T>> {
    const name = this.config.name;
    const timeout = this.config.timeoutMs;
    const body = form ? new URLSearchParams(form).toString() : undefined;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.config.url}${path}`, {
        method: form ? 'POST' : 'GET',
        headers: this.headers(),
        body,
        signal: AbortSignal.timeout(timeout),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') {
        throw new QuerierError(
          `querier "${name}" did not answer within ${timeout} ms`,
        );
      }
      const why = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new QuerierError(`querier "${name}" is unreachable (${why})`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      const err = e as Error;
      if (err.name === 'TimeoutError' || err.name === 'AbortError') {
        throw new QuerierError(
          `querier "${name}" did not answer within ${timeout} ms`,
        );
      }
      throw new QuerierError(
        `querier "${name}" answer could not be read (${err.message})`,
      );
    }
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      throw new QuerierError(
        `querier "${name}" answered HTTP ${res.status} ${res.statusText} with a body that is not JSON`,
      );
    }
    if (!res.ok || json?.status !== 'success') {
      const detail = json?.error
        ? `${json.errorType ? `${json.errorType}: ` : ''}${json.error}`
        : `HTTP ${res.status}`;
      if (res.status === 401 || res.status === 403) {
        throw new QuerierError(
          `querier "${name}" refused the credentials (HTTP ${res.status})`,
        );
      }
      throw new QuerierError(`querier "${name}" failed: ${detail}`);
    }
    // warnings are shown too, and Thanos names the failed stores in them
    const warnings = [...(json.warnings ?? []), ...(json.infos ?? [])].map(w =>
      redactUrlCredentials(String(w)),
    );
    return { data: json.data as T, warnings };
  }

  /** `query_range` (POST: long queries of 1,000 namespaces fit). */
  async queryRange(
    query: string,
    start: number,
    end: number,
    step: number,
  ): Promise<QuerierAnswer<Matrix>> {
    const form: Record<string, string> = {
      query,
      start: String(start),
      end: String(end),
      step: String(step),
      timeout: `${Math.max(1, Math.floor(this.config.timeoutMs / 1000))}s`,
      dedup: String(this.config.dedup),
      partial_response: String(this.config.partialResponse),
    };
    const answer = await this.call<{ resultType: string; result: Matrix }>(
      '/api/v1/query_range',
      form,
    );
    if (
      answer.data?.resultType !== 'matrix' ||
      !Array.isArray(answer.data.result)
    ) {
      throw new QuerierError(
        `querier "${this.config.name}" answered an unexpected ${answer.data?.resultType} result`,
      );
    }
    return { data: answer.data.result, warnings: answer.warnings };
  }

  /** Instant `query` at `time`. */
  async query(
    query: string,
    time: number,
  ): Promise<QuerierAnswer<Array<{ metric: Record<string, string> }>>> {
    const form: Record<string, string> = {
      query,
      time: String(time),
      timeout: `${Math.max(1, Math.floor(this.config.timeoutMs / 1000))}s`,
      dedup: String(this.config.dedup),
      partial_response: String(this.config.partialResponse),
    };
    const answer = await this.call<{
      resultType: string;
      result: Array<{ metric: Record<string, string> }>;
    }>('/api/v1/query', form);
    if (
      answer.data?.resultType !== 'vector' ||
      !Array.isArray(answer.data.result)
    ) {
      throw new QuerierError(
        `querier "${this.config.name}" answered an unexpected ${answer.data?.resultType} result`,
      );
    }
    return { data: answer.data.result, warnings: answer.warnings };
  }

  /** Active alerts (firing and pending). */
  async alerts(): Promise<QuerierAnswer<AlertsData>> {
    return this.call<AlertsData>('/api/v1/alerts');
  }
}
