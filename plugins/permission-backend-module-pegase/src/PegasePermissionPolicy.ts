import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { LoggerService, UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import {
  PegasePermissionSettings,
  PermissionRuleConfig,
  readPermissionSettings,
  ruleMatches,
} from './config';
import { grantsCriteria } from './conditions';
import { KNOWN_PERMISSIONS } from './knownPermissions';

/** Whether conditions may apply to a permission: a catalog-entity resource permission. */
export function acceptsConditions(permission: Permission): boolean {
  return isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY);
}

/**
 * The permissions among `permissions` that a conditional rule names but that
 * are not resource permissions of type `catalog-entity`, with the rule.
 */
export function misplacedConditions(
  rules: PermissionRuleConfig[],
  permissions: readonly Permission[],
): Array<{
  index: number;
  rule: PermissionRuleConfig;
  permission: Permission;
}> {
  const found: Array<{
    index: number;
    rule: PermissionRuleConfig;
    permission: Permission;
  }> = [];
  for (const permission of permissions) {
    const index = rules.findIndex(r =>
      ruleMatches(r.permission, permission.name),
    );
    const rule = rules[index];
    if (rule && rule.conditional.length > 0 && !acceptsConditions(permission)) {
      found.push({ index, rule, permission });
    }
  }
  return found;
}

/** The message naming a rule whose conditions land on a permission that takes none. */
export function misplacedConditionMessage(m: {
  index: number;
  rule: PermissionRuleConfig;
  permission: Permission;
}): string {
  const type = isResourcePermission(m.permission)
    ? `a resource permission of type ${m.permission.resourceType}`
    : 'a basic permission';
  return (
    `pegase.permissions.rules[${m.index}] (${m.rule.permission}) has conditional grants, ` +
    `but ${m.permission.name} is ${type}: conditions apply only to ${RESOURCE_TYPE_CATALOG_ENTITY} ` +
    'permissions (name the permissions one by one, or move the refs to allow)'
  );
}

/**
 * The permission policy of Pégase Portal: the first configured rule that names
 * the permission decides, from the groups the user belongs to (their ownership
 * refs): allowed everywhere (`allow`), allowed on the catalog entities
 * matching a conditional grant (a conditional decision the catalog evaluates),
 * or denied.
 *
 * @public
 */
export class PegasePermissionPolicy implements PermissionPolicy {
  readonly #settings: PegasePermissionSettings;
  readonly #userInfo: UserInfoService;
  readonly #logger?: LoggerService;

  /** Reads `pegase.permissions`; throws, naming the rule, on a malformed one. */
  static fromConfig(
    config: Config,
    options: { userInfo: UserInfoService; logger?: LoggerService },
  ) {
    const settings = readPermissionSettings(config);
    const misplaced = misplacedConditions(settings.rules, KNOWN_PERMISSIONS);
    if (misplaced.length > 0) {
      throw new InputError(misplacedConditionMessage(misplaced[0]));
    }
    return new PegasePermissionPolicy(settings, options);
  }

  constructor(
    settings: PegasePermissionSettings,
    options: { userInfo: UserInfoService; logger?: LoggerService },
  ) {
    this.#settings = settings;
    this.#userInfo = options.userInfo;
    this.#logger = options.logger;
  }

  /** The settings the policy decides from. */
  get settings(): PegasePermissionSettings {
    return this.#settings;
  }

  /**
   * The decision of the first rule naming the permission, or the default
   * decision when none does.
   */
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const rule = this.#settings.rules.find(r =>
      ruleMatches(r.permission, permission.name),
    );
    if (!rule) return { result: this.#settings.defaultDecision };
    if (!user) return { result: AuthorizeResult.DENY };

    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      user.credentials,
    );
    const claims = ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US'));
    const holds = (refs: string[]) =>
      refs.includes('*') || claims.some(c => refs.includes(c));

    if (holds(rule.allow)) return { result: AuthorizeResult.ALLOW };
    const grants = rule.conditional.filter(g => holds(g.allow));
    if (grants.length === 0) return { result: AuthorizeResult.DENY };
    if (!isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
      // A permission the start-up checks did not know: never a condition on it.
      this.#logger?.error(
        misplacedConditionMessage({
          index: this.#settings.rules.indexOf(rule),
          rule,
          permission,
        }),
      );
      return { result: AuthorizeResult.DENY };
    }
    return createCatalogConditionalDecision(
      permission,
      grantsCriteria(grants, claims),
    );
  }
}
