/*
 * The writes of the ArgoCD views: sync, refresh (normal or hard) and rollback
 * of one Application; each forgets what the caches hold of it. ArgoCD runs a
 * sync or a rollback later (the answer has `.operation` set): the overview
 * returned says Running, and the views poll it until ArgoCD says it is over.
 */
import { InputError } from '@backstage/errors';
import type { ApplicationOverview } from '@pcscol/plugin-argocd-common';
import { AppRef, ArgoJson, atLeast } from './ArgocdClient';
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
    ref: AppRef,
    argocd: string | undefined,
    opts: SyncOptions = {},
  ): Promise<ApplicationOverview> {
    const c = this.instances.client(argocd);
    const body: ArgoJson = {};
    if (opts.revision) {
      const app = this.reads.appValue(c, await c.getApplication(ref));
      if (app.sources > 1) {
        // one source of a multi-source Application: `revisions` with
        // 1-based `sourcePositions` (argo-cd server/application/application.go
        // resolveSourceRevisions, v2.14); older servers have no such request
        const v = await c.version();
        if (!atLeast(v, 2, 14))
          throw new InputError(
            `ArgoCD '${c.name}' (${v?.raw}) cannot sync one source of the multi-source Application '${ref.name}' to a revision (ArgoCD v2.14 or later can); sync without a revision`,
          );
        body.revisions = [opts.revision];
        body.sourcePositions = [app.chartIndex + 1];
      } else {
        body.revision = opts.revision;
      }
    }
    if (opts.prune) body.prune = true;
    if (opts.dryRun) body.dryRun = true;
    const raw = await c.sync(ref, body);
    await this.forget(ref, argocd);
    return toOverview(raw, c.name, c.config.uiUrl);
  }

  async refresh(
    ref: AppRef,
    argocd: string | undefined,
    opts: { hard?: boolean } = {},
  ): Promise<ApplicationOverview> {
    const c = this.instances.client(argocd);
    const raw = await c.getApplication(ref, opts.hard ? 'hard' : 'normal');
    await this.forget(ref, argocd);
    const value = this.reads.appValue(c, raw);
    await this.reads.storeApp(c, ref, value);
    return value.overview;
  }

  async rollback(
    ref: AppRef,
    argocd: string | undefined,
    id: number,
  ): Promise<ApplicationOverview> {
    const c = this.instances.client(argocd);
    const app = this.reads.appValue(c, await c.getApplication(ref));
    // what ArgoCD would refuse, said in the portal's words
    // (argo-cd server/application/application.go Rollback)
    if (app.overview.managedBy === 'RollingSync')
      throw new InputError(
        `'${ref.name}' is managed by RollingSync (an ApplicationSet's progressive sync): roll it back by changing its version in the GitOps repository, not with an ArgoCD rollback`,
      );
    if (app.overview.autoSync)
      throw new InputError(
        `'${ref.name}' syncs automatically: ArgoCD refuses a rollback while auto-sync is on; change its version in the GitOps repository instead`,
      );
    if (!app.history.entries.some(e => e.id === id))
      throw new InputError(
        `'${ref.name}' has no history entry ${id} (entries: ${
          app.history.entries.map(e => e.id).join(', ') || 'none'
        })`,
      );
    if (app.sources > 1) {
      const v = await c.version();
      if (!atLeast(v, 2, 12))
        throw new InputError(
          `ArgoCD '${c.name}' (${v?.raw}) cannot roll back a multi-source Application (ArgoCD v2.12 or later can)`,
        );
    }
    const raw = await c.rollback(ref, id);
    await this.forget(ref, argocd);
    return toOverview(raw, c.name, c.config.uiUrl);
  }

  private async forget(ref: AppRef, argocd: string | undefined) {
    this.onChange();
    await this.reads.invalidate(this.instances.client(argocd), ref);
  }
}
