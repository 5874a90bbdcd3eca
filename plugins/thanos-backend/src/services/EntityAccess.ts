/*
 * Who may read the metrics and alerts of which entity: every route and the
 * action name a catalog entity, `thanos.metrics.read` is checked against that
 * entity, and every refusal is audited (the auditor service) with the entity,
 * the permission, where it came from and who asked.
 */
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type AccessContext,
  auditAccessRefusal,
  authorizeRequest,
} from '@pcscol/plugin-pegase-node';
import { thanosMetricsReadPermission } from '@pcscol/plugin-thanos-common';
import type { Request } from 'express';

/** `thanos.metrics.read` against entities, refusals audited. @internal */
export class EntityAccess {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      auditor: AuditorService;
      httpAuth: HttpAuthService;
    },
  ) {}

  /** Audits a refusal (event `metrics-access-refused`). */
  async auditRefusal(
    ctx: AccessContext,
    details: { entityRef: string; permission: string; error: Error },
  ): Promise<void> {
    await auditAccessRefusal(
      this.options.auditor,
      'metrics-access-refused',
      ctx,
      details,
    );
  }

  /**
   * Routes: the caller's credentials when `thanos.metrics.read` is allowed on
   * the entity; else a 403 naming the permission and the entity, audited.
   */
  async authorizeRequest(
    request: Request,
    entityRef: string,
  ): Promise<BackstageCredentials> {
    try {
      return await authorizeRequest({
        httpAuth: this.options.httpAuth,
        permissions: this.options.permissions,
        request,
        permission: thanosMetricsReadPermission,
        resourceRef: entityRef,
      });
    } catch (error) {
      if (error instanceof NotAllowedError) {
        await this.auditRefusal(
          { request, via: 'route' },
          {
            entityRef,
            permission: thanosMetricsReadPermission.name,
            error,
          },
        );
      }
      throw error;
    }
  }

  /**
   * The instance refs on which `thanos.metrics.read` is allowed: all or none
   * when the policy decides for every entity, else one batch of checks (the
   * policy's conditions applied by the catalog).
   */
  async allowedRefs(
    credentials: BackstageCredentials,
    refs: string[],
  ): Promise<Set<string>> {
    if (refs.length === 0) return new Set();
    const { permissions } = this.options;
    const [overall] = await permissions.authorizeConditional(
      [{ permission: thanosMetricsReadPermission }],
      { credentials },
    );
    if (overall.result === AuthorizeResult.ALLOW) return new Set(refs);
    if (overall.result === AuthorizeResult.DENY) return new Set();
    const decisions = await permissions.authorize(
      refs.map(resourceRef => ({
        permission: thanosMetricsReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    return new Set(
      refs.filter((_, i) => decisions[i]?.result === AuthorizeResult.ALLOW),
    );
  }

  /**
   * Actions: checks `thanos.metrics.read` on the entity for the caller's
   * credentials; throws a NotAllowedError naming both (audited) when refused.
   */
  async authorize(
    credentials: BackstageCredentials,
    entityRef: string,
    ctx: AccessContext,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: thanosMetricsReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      const error = new NotAllowedError(
        `${thanosMetricsReadPermission.name} is not allowed on ${entityRef}`,
      );
      await this.auditRefusal(
        { ...ctx, credentials },
        {
          entityRef,
          permission: thanosMetricsReadPermission.name,
          error,
        },
      );
      throw error;
    }
  }
}
