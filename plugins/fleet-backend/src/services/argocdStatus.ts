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

/** What ArgoCD says of one cluster add-on Application (argocd-backend's `GET /fleet/addons/status`). */
export interface ArgocdAddonStatus {
  /** The add-on entity. */
  addonRef: string;
  /** The cluster entity name. */
  cluster: string;
  /** The Application's name. */
  application: string;
  argocdInstance?: string;
  sync: FleetArgocdStatus['sync'];
  health: FleetArgocdStatus['health'];
  healthMessage?: string;
  liveVersion?: string;
  uiUrl?: string;
  failedOperation?: FleetArgocdStatus['failedOperation'];
}

/** ArgoCD's statuses of the add-on Applications, or why they are missing. */
export interface ArgocdAddonStatuses {
  available: boolean;
  message?: string;
  items: ArgocdAddonStatus[];
}

/** Where the Clusters view gets the add-ons' live state from. */
export interface ArgocdAddonStatusSource {
  addonStatuses(): Promise<ArgocdAddonStatuses>;
}

/**
 * Reads `GET /api/pegase-argocd/fleet/status` (the instances) and
 * `GET /api/pegase-argocd/fleet/addons/status` (the cluster add-ons) of the ArgoCD
 * backend plugin (its Application lists, no ArgoCD call per Application), as
 * this plugin. When the plugin is absent, slow or failing, the views are
 * served without statuses and say why.
 */
export class ArgocdPluginStatusSource
  implements ArgocdStatusSource, ArgocdAddonStatusSource
{
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      timeoutMs: number;
      fetch?: typeof fetch;
    },
  ) {}

  async statuses(): Promise<ArgocdFleetStatuses> {
    const read = await this.readItems('/fleet/status');
    if (!read.ok) return unavailable(read.message);
    const items = read.items.filter(isStatus).map(withValidOperation);
    return read.failedMessage
      ? { available: false, message: read.failedMessage, items }
      : { available: true, items };
  }

  async addonStatuses(): Promise<ArgocdAddonStatuses> {
    const read = await this.readItems('/fleet/addons/status');
    if (!read.ok) return { available: false, message: read.message, items: [] };
    const items = read.items.filter(isAddonStatus).map(withValidOperation);
    return read.failedMessage
      ? { available: false, message: read.failedMessage, items }
      : { available: true, items };
  }

  /** The `items` of one route of the ArgoCD plugin, or why not. */
  private async readItems(
    path: string,
  ): Promise<
    | { ok: true; items: unknown[]; failedMessage?: string }
    | { ok: false; message: string }
  > {
    const { discovery, auth, timeoutMs } = this.options;
    const doFetch = this.options.fetch ?? fetch;
    let url = 'the ArgoCD plugin';
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      url = `${await discovery.getBaseUrl('pegase-argocd')}${path}`;
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'pegase-argocd',
      });
      const res = await doFetch(url, {
        headers: { authorization: `Bearer ${token}` },
        signal,
      });
      if (!res.ok) {
        return {
          ok: false,
          message: `${url} answered ${res.status} ${res.statusText}`,
        };
      }
      const body = (await res.json()) as { items?: unknown; failed?: unknown };
      if (!Array.isArray(body.items)) {
        return { ok: false, message: `${url} answered without an items list` };
      }
      // the ArgoCDs the plugin could not read: their Applications are
      // missing from items, so ArgoCD is not available, whatever the others say
      const failed = Array.isArray(body.failed)
        ? body.failed.filter((f): f is string => typeof f === 'string')
        : [];
      return {
        ok: true,
        items: body.items,
        failedMessage: failed.length
          ? `${url}: ArgoCD ${failed.join(', ')} could not be read`
          : undefined,
      };
    } catch (e) {
      const reason = signal.aborted
        ? `no answer within ${timeoutMs} ms`
        : String((e as Error)?.message ?? e);
      return { ok: false, message: `${url}: ${reason}` };
    }
  }
}

function isAddonStatus(v: unknown): v is ArgocdAddonStatus {
  const s = v as Partial<ArgocdAddonStatus> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.addonRef === 'string' &&
    typeof s.cluster === 'string' &&
    typeof s.application === 'string' &&
    typeof s.sync === 'string' &&
    typeof s.health === 'string'
  );
}

function unavailable(message: string): ArgocdFleetStatuses {
  return { available: false, message, items: [] };
}

/** Keeps `failedOperation` only when it has the shape the fleet reads. */
function withValidOperation<
  T extends { failedOperation?: FleetArgocdStatus['failedOperation'] },
>(s: T): T {
  const op = s.failedOperation as unknown as
    | Record<string, unknown>
    | undefined;
  if (op === undefined) return s;
  if (op && (op.phase === 'Failed' || op.phase === 'Error')) return s;
  const { failedOperation: _dropped, ...rest } = s;
  return rest as T;
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
