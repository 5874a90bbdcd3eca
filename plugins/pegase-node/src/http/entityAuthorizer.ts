import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import { type AccessContext, auditAccessRefusal } from './audit';
import { authorizeRequest } from './authorize';

/**
 * Resource permissions of type `catalog-entity` checked against the entity a
 * route or an action names, each refusal audited as `refusalEventId`: the one
 * authorization step of the backends that read a system outside the portal
 * for an entity (ArgoCD, Vault, Thanos).
 * @public
 */
export class EntityAuthorizer {
  constructor(
    private readonly options: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      auditor: AuditorService;
      /** Audit event of a refusal, e.g. `vault-access-refused`. */
      refusalEventId: string;
    },
  ) {}

  /** Audits a refusal of `permission` on `entityRef`. */
  async auditRefusal(
    ctx: AccessContext,
    details: { entityRef: string; permission: string; error: Error },
  ): Promise<void> {
    await auditAccessRefusal(
      this.options.auditor,
      this.options.refusalEventId,
      ctx,
      details,
    );
  }

  /**
   * Routes: the caller's credentials when `permission` is allowed on the
   * entity; else a 403 naming the permission and the entity, audited.
   */
  async authorizeRequest(
    request: Request,
    permission: ResourcePermission,
    entityRef: string,
  ): Promise<BackstageCredentials> {
    try {
      return await authorizeRequest({
        httpAuth: this.options.httpAuth,
        permissions: this.options.permissions,
        request,
        permission,
        resourceRef: entityRef,
      });
    } catch (error) {
      if (error instanceof NotAllowedError) {
        await this.auditRefusal(
          { request, via: 'route' },
          { entityRef, permission: permission.name, error },
        );
      }
      throw error;
    }
  }

  /**
   * Actions: checks `permission` on the entity for the caller's credentials;
   * throws a NotAllowedError naming both (audited) when refused.
   */
  async authorize(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    entityRef: string,
    ctx: AccessContext,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      const error = new NotAllowedError(
        `${permission.name} is not allowed on ${entityRef}`,
      );
      await this.auditRefusal(
        { ...ctx, credentials },
        { entityRef, permission: permission.name, error },
      );
      throw error;
    }
  }

  /**
   * The refs among `refs` on which `permission` is allowed: all or none when
   * the policy decides for every entity, else one batch of checks (the
   * policy's conditions applied by the catalog).
   */
  async allowedRefs(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    refs: string[],
  ): Promise<Set<string>> {
    if (refs.length === 0) return new Set();
    const { permissions } = this.options;
    const [overall] = await permissions.authorizeConditional([{ permission }], {
      credentials,
    });
    if (overall.result === AuthorizeResult.ALLOW) return new Set(refs);
    if (overall.result === AuthorizeResult.DENY) return new Set();
    const decisions = await permissions.authorize(
      refs.map(resourceRef => ({ permission, resourceRef })),
      { credentials },
    );
    return new Set(
      refs.filter((_, i) => decisions[i]?.result === AuthorizeResult.ALLOW),
    );
  }
}
