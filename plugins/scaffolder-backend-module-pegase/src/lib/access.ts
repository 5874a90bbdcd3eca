/*
 * Who may write what: every self-service write is checked against each
 * catalog entity it touches (the instances a change edits or deletes, the
 * owner group of a new instance), with the resource permissions of
 * @pcscol/plugin-pegase-common and pegase-node's EntityAuthorizer, each
 * refusal audited as `selfservice-access-refused`. The entity is named by
 * what the repository holds (the instance's name read from the checkout),
 * never by what the form says.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { EntityAuthorizer } from '@pcscol/plugin-pegase-node';

/** The audit event id of a refused self-service write. */
export const REFUSAL_EVENT_ID = 'selfservice-access-refused';

/** The catalog entity of an instance of the inventory. */
export function instanceRef(name: string): string {
  return `resource:default/${name}`;
}

type Initiator = Pick<ActionContext<any, any>, 'getInitiatorCredentials'>;

/** How many refused entities a refusal names before it counts the rest. */
const NAMED = 5;

/**
 * Checks `permission` for the task's initiator on every one of `entityRefs`
 * (one batch; the policy's conditions applied by the catalog). Every refused
 * entity is audited; the error names the permission and the refused entities.
 */
export async function authorizeEntities(
  ctx: Initiator,
  authorizer: EntityAuthorizer,
  permission: ResourcePermission,
  entityRefs: string[],
  via: string,
  why?: string,
): Promise<BackstageCredentials> {
  const credentials = await ctx.getInitiatorCredentials();
  const refs = [...new Set(entityRefs)];
  if (refs.length === 0) return credentials;
  const allowed = await authorizer.allowedRefs(credentials, permission, refs);
  const refused = refs.filter(r => !allowed.has(r));
  if (refused.length === 0) return credentials;
  const named = refused.slice(0, NAMED).join(', ');
  const more =
    refused.length > NAMED ? ` and ${refused.length - NAMED} more` : '';
  const error = new NotAllowedError(
    `${permission.name} is not allowed on ${named}${more}${
      why ? ` (${why})` : ''
    }`,
  );
  for (const entityRef of refused) {
    await authorizer.auditRefusal(
      { credentials, via },
      { entityRef, permission: permission.name, error },
    );
  }
  throw error;
}
