/*
 * What the gates observe, over HTTP: ArgoCD's statuses through the ArgoCD
 * backend plugin (the fleet's ArgocdPluginStatusSource, one call for the
 * whole fleet), and the firing alerts from a Prometheus-compatible query API
 * (`GET /api/v1/alerts`, one call per tick; the Thanos Querier serves it).
 */
import type { ObservedAlert, ObservedStatus } from './gates';
import type { AlertReader, InstanceStatusReader } from './ports';
import type { ArgocdStatusSource } from '../services/argocdStatus';
import { redactUrlCredentials } from '@pcscol/plugin-pegase-node';

/** Instance name of an entity ref `resource:default/<name>`. */
const nameOf = (entityRef: string) =>
  entityRef.slice(entityRef.lastIndexOf('/') + 1);

export class ArgocdInstanceStatusReader implements InstanceStatusReader {
  constructor(private readonly source: ArgocdStatusSource) {}
  async statuses(): Promise<Map<string, ObservedStatus>> {
    const answer = await this.source.statuses();
    if (!answer.available) {
      throw new Error(answer.message ?? 'ArgoCD statuses unavailable');
    }
    return new Map(
      answer.items.map(s => [
        nameOf(s.entityRef),
        { sync: s.sync, health: s.health, liveVersion: s.liveVersion },
      ]),
    );
  }
}

/** Firing alerts of a Prometheus-compatible API; none configured: no alert. */
export class QuerierAlertReader implements AlertReader {
  constructor(
    private readonly options: {
      url?: string;
      token?: string;
      tenant?: { header: string; value: string };
      timeoutMs: number;
      fetch?: typeof fetch;
    },
  ) {}

  async firing(): Promise<ObservedAlert[]> {
    const { url, token, timeoutMs } = this.options;
    if (!url) return [];
    const target = new URL(`${url.replace(/\/+$/, '')}/api/v1/alerts`);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.tenant)
      headers[this.options.tenant.header] = this.options.tenant.value;
    if (token) headers.authorization = `Bearer ${token}`;
    else if (target.username) {
      headers.authorization = `Basic ${Buffer.from(
        `${decodeURIComponent(target.username)}:${decodeURIComponent(
          target.password,
        )}`,
      ).toString('base64')}`;
    }
    target.username = '';
    target.password = '';
    const doFetch = this.options.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(target, {
        headers,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new Error(
        redactUrlCredentials(`${target}: ${(e as Error).message}`),
      );
    }
    if (!res.ok) throw new Error(`${target} answered ${res.status}`);
    // Prometheus' answer: { status, data: { alerts: [{ labels, state, ... }] } }
    const body = (await res.json()) as {
      data?: {
        alerts?: Array<{ labels?: Record<string, string>; state?: string }>;
      };
    };
    return (body.data?.alerts ?? [])
      .filter(a => a.state === 'firing' && a.labels?.namespace)
      .map(a => ({
        name: a.labels!.alertname ?? '?',
        namespace: a.labels!.namespace,
        severity: a.labels!.severity,
      }));
  }
}
