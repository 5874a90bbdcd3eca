/*
 * Who may touch which Application: every route and action names a catalog
 * entity; the Application and its ArgoCD are read from that entity's
 * annotations (never from the request), the permission is checked against the
 * entity, and every refusal is audited.
 */
import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_INSTANCE_ANNOTATION,
  CHART_VERSION_ANNOTATION,
  argocdApplicationSyncAnyRevisionPermission,
  argocdTargetOf,
} from '@pcscol/plugin-argocd-common';
import { annotationOf, isAppOfApps } from '@pcscol/plugin-pegase-common';
import {
  type AccessContext,
  actorOf,
  EntityAuthorizer,
} from '@pcscol/plugin-pegase-node';
import type { AppRef } from './ArgocdClient';
import { ArgocdInstances } from './ArgocdInstances';
import { CatalogLookups } from './CatalogLookups';

/** The Application an instance entity names. @internal */
export interface InstanceTarget {
  entity: Entity;
  entityRef: string;
  appName: string;
  /** Its namespace: `argocd/app-namespace`, else the ArgoCD's `appNamespace` config. */
  appNamespace?: string;
  /** Config name of its ArgoCD (the annotation, else the first configured). */
  argocdInstance: string;
}

/** Audit severity of each write: a rollback undoes a release, a refresh changes nothing. */
const WRITE_SEVERITY = {
  refresh: 'low',
  sync: 'medium',
  rollback: 'high',
} as const;

/**
 * Permission checks against entities (pegase-node's `EntityAuthorizer`, the
 * one authorization step of the backends, refusals audited as
 * `application-access-refused`), and the Application an entity names.
 * @internal
 */
export class EntityAccess extends EntityAuthorizer {
  private readonly auditor: AuditorService;
  private readonly permissionsService: PermissionsService;

  constructor(
    deps: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      auditor: AuditorService;
    },
    private readonly lookups: CatalogLookups,
    private readonly instances: ArgocdInstances,
  ) {
    super({ ...deps, refusalEventId: 'application-access-refused' });
    this.auditor = deps.auditor;
    this.permissionsService = deps.permissions;
  }

  /**
   * The Application an instance entity names, and its ArgoCD; a 404 naming
   * the entity (audited) when it is not in the catalog or names none.
   */
  async instanceTarget(
    entityRef: string,
    credentials: BackstageCredentials,
    ctx: AccessContext & {
      permission: string;
      /** An app-of-apps without `argocd/app-name` names the Application of its own name (read routes). */
      appOfApps?: boolean;
    },
  ): Promise<InstanceTarget> {
    const entity = await this.lookups.entity(entityRef, credentials);
    let target = entity ? argocdTargetOf(entity) : undefined;
    if (entity && !target && ctx.appOfApps) target = appOfAppsTarget(entity);
    if (!entity || !target) {
      const error = new NotFoundError(
        entity
          ? `${entityRef} names no ArgoCD Application (no ${ARGOCD_APP_NAME_ANNOTATION} annotation): there is nothing to show or act on`
          : `No entity ${entityRef} in the catalog: only the Application a catalog entity names can be read or acted on`,
      );
      await this.auditRefusal(
        { ...ctx, credentials },
        { entityRef, permission: ctx.permission, error },
      );
      throw error;
    }
    const client = this.instances.client(target.argocdInstance);
    const appNamespace = target.appNamespace ?? client.config.appNamespace;
    return {
      entity,
      entityRef,
      appName: target.appName,
      ...(appNamespace ? { appNamespace } : {}),
      argocdInstance: client.name,
    };
  }

  /**
   * A sync to `revision` is allowed when the revision is the version the
   * GitOps repository declares for the instance (its chart-version
   * annotation), or when the caller holds
   * `argocd.application.sync.any-revision` on it; never any branch a request
   * names otherwise (a 403 saying which revision is allowed, audited).
   */
  async authorizeRevision(
    target: InstanceTarget,
    revision: string | undefined,
    ctx: AccessContext & { credentials: BackstageCredentials },
  ): Promise<void> {
    if (revision === undefined) return;
    const declared = annotationOf(target.entity, CHART_VERSION_ANNOTATION);
    if (declared && revision === declared) return;
    const permission = argocdApplicationSyncAnyRevisionPermission;
    const [decision] = await this.permissionsService.authorize(
      [{ permission, resourceRef: target.entityRef }],
      { credentials: ctx.credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return;
    const error = new NotAllowedError(
      declared
        ? `A sync of ${target.entityRef} may only target the version its GitOps repository declares (${declared}), not '${revision}': ${permission.name} is not allowed on ${target.entityRef}`
        : `${target.entityRef} declares no version (no ${CHART_VERSION_ANNOTATION} annotation): a sync to '${revision}' needs ${permission.name}, which is not allowed on it; sync without a revision`,
    );
    await this.auditRefusal(ctx, {
      entityRef: target.entityRef,
      permission: permission.name,
      error,
    });
    throw error;
  }

  /** Runs a write (sync, refresh, rollback), audited with its outcome. */
  async audited<T>(
    action: 'sync' | 'refresh' | 'rollback',
    target: InstanceTarget,
    ctx: AccessContext & { credentials: BackstageCredentials },
    meta: Record<string, string | number | boolean | undefined>,
    run: () => Promise<T>,
  ): Promise<T> {
    const fields = Object.fromEntries(
      Object.entries({
        entityRef: target.entityRef,
        application: target.appName,
        appNamespace: target.appNamespace,
        argocdInstance: target.argocdInstance,
        actor: actorOf(ctx.credentials),
        via: ctx.via,
        ...meta,
      }).filter(([, v]) => v !== undefined),
    ) as Record<string, string | number | boolean>;
    const event = await this.auditor.createEvent({
      eventId: `application-${action}`,
      severityLevel: WRITE_SEVERITY[action],
      request: ctx.request,
      meta: fields,
    });
    try {
      const result = await run();
      await event.success({ meta: fields });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error, meta: fields });
      throw error;
    }
  }
}

/**
 * The Application of an app-of-apps entity without `argocd/app-name`: its
 * own name (the catalog module emits the ArgoCD objects under their ArgoCD
 * names, never renamed).
 */
function appOfAppsTarget(entity: Entity) {
  if (!isAppOfApps(entity)) return undefined;
  const argocdInstance = annotationOf(entity, ARGOCD_INSTANCE_ANNOTATION);
  return {
    appName: entity.metadata.name,
    ...(argocdInstance ? { argocdInstance } : {}),
  };
}

/** The Application of a target, as the client names it. @internal */
export function appRefOf(target: InstanceTarget): AppRef {
  return target.appNamespace
    ? { name: target.appName, namespace: target.appNamespace }
    : { name: target.appName };
}
