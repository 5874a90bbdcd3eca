import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/** One rule of `pegase.permissions.rules`. @public */
export interface PermissionRuleConfig {
  permission: string;
  allow: string[];
}

function matches(pattern: string, permissionName: string): boolean {
  if (pattern.endsWith('*')) {
    return permissionName.startsWith(pattern.slice(0, -1));
  }
  return pattern === permissionName;
}

/** Reads and checks `pegase.permissions`; a malformed rule stops the backend. */
export function readPermissionRules(config: Config): {
  defaultDecision: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  rules: PermissionRuleConfig[];
} {
  const section = config.getOptionalConfig('pegase.permissions');
  const decision = section?.getOptionalString('defaultDecision') ?? 'allow';
  if (decision !== 'allow' && decision !== 'deny') {
    throw new InputError(
      `pegase.permissions.defaultDecision must be "allow" or "deny", not "${decision}"`,
    );
  }
  const rules = (section?.getOptionalConfigArray('rules') ?? []).map(
    (rule, index) => {
      const allow = rule.getStringArray('allow');
      for (const ref of allow) {
        if (ref !== '*' && !/^(group|user):[^/]+\/[^/]+$/.test(ref)) {
          throw new InputError(
            `pegase.permissions.rules[${index}].allow: "${ref}" is not an entity ref ` +
              'like group:default/ops or user:default/alice',
          );
        }
      }
      return { permission: rule.getString('permission'), allow };
    },
  );
  return {
    defaultDecision:
      decision === 'allow' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    rules,
  };
}

/**
 * The permission policy of Pégase Portal: the first configured rule that names the
 * permission decides, from the groups the user belongs to (their ownership refs).
 *
 * @public
 */
export class PegasePermissionPolicy implements PermissionPolicy {
  readonly #rules: PermissionRuleConfig[];
  readonly #defaultDecision: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  readonly #userInfo: UserInfoService;

  static fromConfig(config: Config, options: { userInfo: UserInfoService }) {
    return new PegasePermissionPolicy(readPermissionRules(config), options);
  }

  constructor(
    settings: ReturnType<typeof readPermissionRules>,
    options: { userInfo: UserInfoService },
  ) {
    this.#rules = settings.rules;
    this.#defaultDecision = settings.defaultDecision;
    this.#userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const rule = this.#rules.find(r =>
      matches(r.permission, request.permission.name),
    );
    if (!rule) return { result: this.#defaultDecision };
    if (rule.allow.includes('*') && user)
      return { result: AuthorizeResult.ALLOW };
    if (!user) return { result: AuthorizeResult.DENY };

    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      user.credentials,
    );
    const allowed = ownershipEntityRefs.some(ref =>
      rule.allow.includes(ref.toLocaleLowerCase('en-US')),
    );
    return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}
