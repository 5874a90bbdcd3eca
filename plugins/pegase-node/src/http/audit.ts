import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';

/**
 * Who asks, for an audit record or a log line: the user's entity ref, or
 * `<type>:<subject>` for a service.
 * @public
 */
export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  return `${p.type}:${p.subject ?? 'unknown'}`;
}

/** Where an access check comes from, for its audit record. @public */
export interface AccessContext {
  /** The HTTP request (routes); the auditor records its actor. */
  request?: Request;
  /** The caller (actions, or when known). */
  credentials?: BackstageCredentials;
  /** `route` or the action's id. */
  via: string;
}

/**
 * Audits a refused access to an entity (a permission denied, or nothing to
 * act on) as a failed event `eventId` of severity medium, naming the entity,
 * the permission, where the check came from and who asked.
 * @public
 */
export async function auditAccessRefusal(
  auditor: AuditorService,
  eventId: string,
  ctx: AccessContext,
  details: {
    entityRef: string;
    permission: string;
    error: Error;
    /** More fields of the record (e.g. the upstream object's name). */
    meta?: Record<string, string>;
  },
): Promise<void> {
  const meta = {
    entityRef: details.entityRef,
    permission: details.permission,
    via: ctx.via,
    ...details.meta,
    ...(ctx.credentials ? { actor: actorOf(ctx.credentials) } : {}),
  };
  const event = await auditor.createEvent({
    eventId,
    severityLevel: 'medium',
    request: ctx.request,
    meta,
  });
  await event.fail({ error: details.error, meta });
}
