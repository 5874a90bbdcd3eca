import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { catalogConditions } from '@backstage/plugin-catalog-backend/alpha';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { ConditionalGrantConfig } from './config';

type EntityCriteria = PermissionCriteria<PermissionCondition<'catalog-entity'>>;

function anyOf(items: EntityCriteria[]): EntityCriteria {
  return items.length === 1
    ? items[0]
    : { anyOf: items as [EntityCriteria, ...EntityCriteria[]] };
}

function allOf(items: EntityCriteria[]): EntityCriteria {
  return items.length === 1
    ? items[0]
    : { allOf: items as [EntityCriteria, ...EntityCriteria[]] };
}

function annotationIn(annotation: string, values: string[]): EntityCriteria {
  return anyOf(
    values.map(value => catalogConditions.hasAnnotation({ annotation, value })),
  );
}

/**
 * The entity is one of `claims` (the user or one of their groups), with the
 * catalog's own rules: its kind, name and namespace.
 */
function isOneOf(claims: string[]): EntityCriteria {
  return anyOf(
    claims.map(claim => {
      const ref = parseEntityRef(claim);
      return allOf([
        catalogConditions.isEntityKind({ kinds: [ref.kind] }),
        catalogConditions.hasMetadata({ key: 'name', value: ref.name }),
        catalogConditions.hasMetadata({
          key: 'namespace',
          value: ref.namespace,
        }),
      ]);
    }),
  );
}

/**
 * The catalog conditions of one grant (all of its conditions), for a user
 * whose ownership refs are `claims`.
 */
export function grantCriteria(
  grant: ConditionalGrantConfig,
  claims: string[],
): EntityCriteria {
  const parts: EntityCriteria[] = [];
  if (grant.owner) parts.push(catalogConditions.isEntityOwner({ claims }));
  if (grant.member) parts.push(isOneOf(claims));
  if (grant.usage) {
    parts.push(annotationIn(PEGASE_ANNOTATIONS.usage, grant.usage));
  }
  if (grant.region) {
    parts.push(annotationIn(PEGASE_ANNOTATIONS.region, grant.region));
  }
  return allOf(parts);
}

/** Any one of the grants. */
export function grantsCriteria(
  grants: ConditionalGrantConfig[],
  claims: string[],
): EntityCriteria {
  return anyOf(grants.map(g => grantCriteria(g, claims)));
}
