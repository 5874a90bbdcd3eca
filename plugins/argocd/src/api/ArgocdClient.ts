import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  ActionResult,
  AppOfAppsAnswer,
  ApplicationHistory,
  ApplicationOverview,
  ApplicationResources,
  FleetResponse,
  GeneratedComparison,
} from '@pcscol/plugin-argocd-common';
import type { ArgocdApi, ArgocdAppTarget, FleetFilters } from './ArgocdApi';

/** The `namespace/kind/name` path segment of an entity. */
function entityPath(ref: { kind: string; namespace?: string; name: string }) {
  return [
    ref.namespace ?? 'default',
    ref.kind.toLocaleLowerCase('en-US'),
    ref.name,
  ]
    .map(encodeURIComponent)
    .join('/');
}

/** {@link ArgocdApi} over `/api/pegase-argocd/entity/:namespace/:kind/:name/...`. @public */
export class ArgocdClient implements ArgocdApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(
    path: string,
    init?: { method: string; body?: object },
  ): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('pegase-argocd');
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

  private entity(t: ArgocdAppTarget) {
    return `/entity/${entityPath(parseEntityRef(t.entityRef))}`;
  }

  getOverview(t: ArgocdAppTarget): Promise<ApplicationOverview> {
    return this.call(`${this.entity(t)}/overview`);
  }

  getHistory(t: ArgocdAppTarget): Promise<ApplicationHistory> {
    return this.call(`${this.entity(t)}/history`);
  }

  getResources(t: ArgocdAppTarget): Promise<ApplicationResources> {
    return this.call(`${this.entity(t)}/resources`);
  }

  getGenerated(t: ArgocdAppTarget): Promise<GeneratedComparison> {
    return this.call(`${this.entity(t)}/generated`);
  }

  getAppOfApps(t: ArgocdAppTarget): Promise<AppOfAppsAnswer> {
    return this.call(`${this.entity(t)}/app-of-apps`);
  }

  getFleet(
    ref: { kind: string; namespace: string; name: string },
    f: FleetFilters = {},
  ): Promise<FleetResponse> {
    const q = new URLSearchParams();
    for (const [key, values] of [
      ['region', f.region],
      ['usage', f.usage],
      ['cluster', f.cluster],
    ] as const)
      values?.forEach(v => q.append(key, v));
    if (f.problemsOnly) q.set('problems', 'true');
    const qs = q.toString();
    return this.call(`/entity/${entityPath(ref)}/fleet${qs ? `?${qs}` : ''}`);
  }

  sync(t: ArgocdAppTarget): Promise<ActionResult> {
    return this.call(`${this.entity(t)}/sync`, { method: 'POST', body: {} });
  }

  refresh(t: ArgocdAppTarget): Promise<ActionResult> {
    return this.call(`${this.entity(t)}/refresh`, { method: 'POST', body: {} });
  }

  rollback(t: ArgocdAppTarget & { id: number }): Promise<ActionResult> {
    return this.call(`${this.entity(t)}/rollback`, {
      method: 'POST',
      body: { id: t.id },
    });
  }
}
