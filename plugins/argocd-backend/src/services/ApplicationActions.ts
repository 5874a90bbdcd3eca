/*
 * The writes of the ArgoCD views: sync, refresh (normal or hard) and rollback
 * of one Application; each forgets what the caches hold of it.
 */
import type { ApplicationOverview } from '@pcscol/plugin-argocd-common';
import { ArgoJson } from './ArgocdClient';
import { ArgocdInstances } from './ArgocdInstances';
import { ApplicationReads } from './ApplicationReads';
import { toOverview } from './shapes';

/** Options of a sync. @internal */
export interface SyncOptions {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
}

/** Sync, refresh and rollback of Applications. @internal */
export class ApplicationActions {
  constructor(
    private readonly instances: ArgocdInstances,
    private readonly reads: ApplicationReads,
    private readonly onChange: () => void,
  ) {}

  async sync(
    app: string,
    argocd: string | undefined,
    opts: SyncOptions = {},
  ): Promise<ApplicationOverview> {
    const c = this.instances.client(argocd);
    const body: ArgoJson = {};
    if (opts.revision) body.revision = opts.revision;
    if (opts.prune) body.prune = true;
    if (opts.dryRun) body.dryRun = true;
    const raw = await c.sync(app, body);
    await this.forget(app, argocd);
    return toOverview(raw, c.name, c.config.uiUrl);
  }

  async refresh(
    app: string,
    argocd: string | undefined,
    opts: { hard?: boolean } = {},
  ): Promise<ApplicationOverview> {
    const c = this.instances.client(argocd);
    const raw = await c.getApplication(app, opts.hard ? 'hard' : 'normal');
    await this.forget(app, argocd);
    const value = this.reads.appValue(c, raw);
    await this.reads.storeApp(c, app, value);
    return value.overview;
  }

  async rollback(
    app: string,
    argocd: string | undefined,
    id: number,
  ): Promise<ApplicationOverview> {
    const c = this.instances.client(argocd);
    const raw = await c.rollback(app, id);
    await this.forget(app, argocd);
    return toOverview(raw, c.name, c.config.uiUrl);
  }

  private async forget(app: string, argocd: string | undefined) {
    this.onChange();
    await this.reads.invalidate(this.instances.client(argocd), app);
  }
}
