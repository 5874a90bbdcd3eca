import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { FleetArgocdStatus } from '@pcscol/plugin-pegase-common';

/** ArgoCD's statuses of the fleet, or why they are missing. */
export interface ArgocdFleetStatuses {
  available: boolean;
  message?: string;
  items: FleetArgocdStatus[];
}

/** Where the fleet gets ArgoCD's statuses from. */
export interface ArgocdStatusSource {
  statuses(): Promise<ArgocdFleetStatuses>;
}

/**
 * Reads `GET /api/argocd/fleet/status` of the ArgoCD backend plugin (its
 * Application cache, no ArgoCD call per instance), as this plugin. When the
 * plugin is absent, slow or failing, the fleet is served without statuses
 * and says why.
 */
export class ArgocdPluginStatusSource implements ArgocdStatusSource {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      timeoutMs: number;
      fetch?: typeof fetch;
    },
  ) {}

  async statuses(): Promise<ArgocdFleetStatuses> {
    const { discovery, auth, timeoutMs } = this.options;
    const doFetch = this.options.fetch ?? fetch;
    let url = 'the ArgoCD plugin';
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      url = `${await discovery.getBaseUrl('argocd')}/fleet/status`;
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'argocd',
      });
      const res = await doFetch(url, {
        headers: { authorization: `Bearer ${token}` },
        signal,
      });
      if (!res.ok) {
        return unavailable(`${url} answered ${res.status} ${res.statusText}`);
      }
      const body = (await res.json()) as { items?: unknown; failed?: unknown };
      if (!Array.isArray(body.items)) {
        return unavailable(`${url} answered without an items list`);
      }
      const items = body.items.filter(isStatus).map(withValidOperation);
      // the ArgoCDs the plugin could not read: their instances are missing
      // from items, so ArgoCD is not available, whatever the others say
      const failed = Array.isArray(body.failed)
        ? body.failed.filter((f): f is string => typeof f === 'string')
        : [];
      if (failed.length > 0) {
        return {
          available: false,
          message: `${url}: ArgoCD ${failed.join(', ')} could not be read`,
          items,
        };
      }
      return { available: true, items };
    } catch (e) {
      const reason = signal.aborted
        ? `no answer within ${timeoutMs} ms`
        : String((e as Error)?.message ?? e);
      return unavailable(`${url}: ${reason}`);
    }
  }
}

function unavailable(message: string): ArgocdFleetStatuses {
  return { available: false, message, items: [] };
}

/** Keeps `failedOperation` only when it has the shape the fleet reads. */
function withValidOperation(s: FleetArgocdStatus): FleetArgocdStatus {
  const op = s.failedOperation as unknown as
    | Record<string, unknown>
    | undefined;
  if (op === undefined) return s;
  if (op && (op.phase === 'Failed' || op.phase === 'Error')) return s;
  const { failedOperation: _dropped, ...rest } = s;
  return rest;
}

function isStatus(v: unknown): v is FleetArgocdStatus {
  const s = v as Partial<FleetArgocdStatus> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.entityRef === 'string' &&
    typeof s.sync === 'string' &&
    typeof s.health === 'string'
  );
}
