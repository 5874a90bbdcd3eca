/*
 * The configured ArgoCD API servers, one HTTP client each, picked by the
 * config name an instance entity carries.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import type { ArgocdConfig } from '../config';
import { ArgocdClient } from './ArgocdClient';
import { ArgocdUpstreamError } from './errors';

/** The clients of every configured ArgoCD. @internal */
export class ArgocdInstances {
  readonly clients: Map<string, ArgocdClient>;

  constructor(readonly config: ArgocdConfig, logger: LoggerService) {
    this.clients = new Map(
      config.instances.map(i => [i.name, new ArgocdClient(i, logger)]),
    );
  }

  /** Name of the ArgoCD used when an entity names none: the first configured. */
  get defaultName(): string | undefined {
    return this.config.instances[0]?.name;
  }

  /** The client of an ArgoCD by config name (default: the first configured). */
  client(name?: string): ArgocdClient {
    const wanted = name || this.defaultName;
    const c = wanted ? this.clients.get(wanted) : undefined;
    if (!c) {
      throw new ArgocdUpstreamError({
        kind: 'config',
        argocdInstance: wanted ?? '(none)',
        message: wanted
          ? `No ArgoCD named '${wanted}' is configured (pegase.argocd.instances: ${
              [...this.clients.keys()].join(', ') || 'none'
            })`
          : 'No ArgoCD is configured (pegase.argocd.instances is empty)',
      });
    }
    return c;
  }

  /** Upstream calls made by this replica (tests, bench). */
  upstreamCalls(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.calls;
    return n;
  }
}
