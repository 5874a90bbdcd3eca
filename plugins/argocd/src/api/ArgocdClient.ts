import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { ArgocdApi, ArgocdAppTarget, FleetFilters } from './ArgocdApi';

/** {@link ArgocdApi} over `/api/argocd`. @public */
export class ArgocdClient implements ArgocdApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('argocd');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, {
      method: init?.method ?? 'GET',
      headers:
        init?.body !== undefined
          ? { 'content-type': 'application/json' }
          : undefined,
      body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  private query(params: Record<string, string | string[] | undefined>) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (Array.isArray(v)) v.forEach(x => q.append(k, x));
      else if (v) q.set(k, v);
    }
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  private app(t: ArgocdAppTarget) {
    return `/applications/${encodeURIComponent(t.appName)}`;
  }

  getOverview(t: ArgocdAppTarget) {
    return this.call<any>(`${this.app(t)}${this.query({ argocd: t.argocd })}`);
  }

  getHistory(t: ArgocdAppTarget) {
    return this.call<any>(
      `${this.app(t)}/history${this.query({ argocd: t.argocd })}`,
    );
  }

  getResources(t: ArgocdAppTarget & { entityRef?: string }) {
    return this.call<any>(
      `${this.app(t)}/resources${this.query({
        argocd: t.argocd,
        entityRef: t.entityRef,
      })}`,
    );
  }

  getFleet(
    ref: { kind: string; namespace: string; name: string },
    f: FleetFilters = {},
  ) {
    const path = `/components/${encodeURIComponent(
      ref.namespace,
    )}/${encodeURIComponent(
      ref.kind.toLocaleLowerCase('en-US'),
    )}/${encodeURIComponent(ref.name)}/fleet`;
    return this.call<any>(
      `${path}${this.query({
        region: f.region,
        usage: f.usage,
        cluster: f.cluster,
        problems: f.problemsOnly ? 'true' : undefined,
      })}`,
    );
  }

  sync(t: ArgocdAppTarget) {
    return this.call<any>(`${this.app(t)}/sync`, {
      method: 'POST',
      body: { argocd: t.argocd },
    });
  }

  refresh(t: ArgocdAppTarget) {
    return this.call<any>(`${this.app(t)}/refresh`, {
      method: 'POST',
      body: { argocd: t.argocd },
    });
  }

  rollback(t: ArgocdAppTarget & { id: number }) {
    return this.call<any>(`${this.app(t)}/rollback`, {
      method: 'POST',
      body: { argocd: t.argocd, id: t.id },
    });
  }
}
