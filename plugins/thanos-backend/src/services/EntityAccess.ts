/*
 * Who may read the metrics and alerts of which entity: every route and the
 * action name a catalog entity, `thanos.metrics.read` is checked against that
 * entity, and every refusal is audited (event `metrics-access-refused`) with
 * the entity, the permission, where it came from and who asked.
 */
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  type AccessContext,
  EntityAuthorizer,
} from '@pcscol/plugin-pegase-node';
import { thanosMetricsReadPermission } from '@pcscol/plugin-thanos-common';
import type { Request } from 'express';

/** `thanos.metrics.read` against entities, refusals audited (what {@link RouterOptions} takes). @public */
export class EntityAccess {
  private readonly authorizer: EntityAuthorizer;

  constructor(options: {
    permissions: PermissionsService;
    auditor: AuditorService;
    httpAuth: HttpAuthService;
  }) {
    this.authorizer = new EntityAuthorizer({
      ...options,
      refusalEventId: 'metrics-access-refused',
    });
  }

  /** Routes: the caller's credentials, or a 403 naming permission and entity (audited). */
  authorizeRequest(
    request: Request,
    entityRef: string,
  ): Promise<BackstageCredentials> {
    return this.authorizer.authorizeRequest(
      request,
      thanosMetricsReadPermission,
      entityRef,
    );
  }

  /** The instance refs among `refs` the caller may read the metrics of. */
  allowedRefs(
    credentials: BackstageCredentials,
    refs: string[],
  ): Promise<Set<string>> {
    return this.authorizer.allowedRefs(
      credentials,
      thanosMetricsReadPermission,
      refs,
    );
  }

  /** Actions: throws a NotAllowedError naming permission and entity (audited). */
  authorize(
    credentials: BackstageCredentials,
    entityRef: string,
    ctx: AccessContext,
  ): Promise<void> {
    return this.authorizer.authorize(
      credentials,
      thanosMetricsReadPermission,
      entityRef,
      ctx,
    );
  }
}
