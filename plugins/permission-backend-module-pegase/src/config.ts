import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * The entity conditions of a conditional grant: every one given must hold
 * (all of them) for the entity the permission is checked against.
 * @public
 */
export interface EntityConditionsConfig {
  /** The entity is owned by the user or one of their groups. */
  owner?: boolean;
  /**
   * The entity is one of the user's groups (or the user): a creation checked
   * against its owner group (`pegase.instance.create`).
   */
  member?: boolean;
  /** The entity's usage annotation (`PEGASE_ANNOTATIONS.usage`) is one of these. */
  usage?: string[];
  /** The entity's region annotation (`PEGASE_ANNOTATIONS.region`) is one of these. */
  region?: string[];
}

/** A grant that holds only on the entities matching its conditions. @public */
export interface ConditionalGrantConfig extends EntityConditionsConfig {
  /** Entity refs the grant is for, or `*` for every signed-in user. */
  allow: string[];
}

/** One rule of `pegase.permissions.rules`. @public */
export interface PermissionRuleConfig {
  /** The permission name it decides, a prefix ending in `*`, or `*`. */
  permission: string;
  /** Allowed everywhere (no condition). */
  allow: string[];
  /** Allowed on the entities matching the conditions of one of these grants. */
  conditional: ConditionalGrantConfig[];
}

/** `pegase.permissions`, read and checked. @public */
export interface PegasePermissionSettings {
  /** The decision on a permission no rule names (default allow). */
  defaultDecision: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** The rules, in order: the first that names a permission decides. */
  rules: PermissionRuleConfig[];
  /** Plugin ids whose permissions the startup check lists; undefined = every installed plugin. */
  checkPlugins?: string[];
}

const REF = /^(group|user):[^/\s]+\/[^/\s]+$/;
const CONDITION_KEYS = ['owner', 'member', 'usage', 'region'] as const;

function readRefs(config: Config, key: string, where: string): string[] {
  const refs = config.getStringArray(key);
  for (const ref of refs) {
    if (ref !== '*' && !REF.test(ref)) {
      throw new InputError(
        `${where}.${key}: "${ref}" is not an entity ref like group:default/ops or user:default/alice`,
      );
    }
  }
  return refs.map(r => r.toLocaleLowerCase('en-US'));
}

function readValues(
  config: Config,
  key: 'usage' | 'region',
  where: string,
): string[] | undefined {
  if (!config.has(key)) return undefined;
  const values = config.getStringArray(key);
  if (values.length === 0 || values.some(v => v.trim() === '')) {
    throw new InputError(
      `${where}.${key} must list at least one non-empty value`,
    );
  }
  return values;
}

function readGrant(config: Config, where: string): ConditionalGrantConfig {
  for (const key of config.keys()) {
    if (
      key !== 'allow' &&
      !(CONDITION_KEYS as readonly string[]).includes(key)
    ) {
      throw new InputError(
        `${where}: unknown condition "${key}" (known: ${CONDITION_KEYS.join(
          ', ',
        )})`,
      );
    }
  }
  const flag = (key: 'owner' | 'member') => {
    const value = config.getOptionalBoolean(key);
    if (value === false) {
      throw new InputError(
        `${where}.${key}: only "${key}: true" is a condition; remove the key instead of false`,
      );
    }
    return value;
  };
  const owner = flag('owner');
  const member = flag('member');
  const grant: ConditionalGrantConfig = {
    allow: readRefs(config, 'allow', where),
    owner,
    member,
    usage: readValues(config, 'usage', where),
    region: readValues(config, 'region', where),
  };
  if (!grant.owner && !grant.member && !grant.usage && !grant.region) {
    throw new InputError(
      `${where} has no condition: give owner, member, usage or region (or move its refs to the rule's allow)`,
    );
  }
  return grant;
}

function readRule(config: Config, index: number): PermissionRuleConfig {
  const where = `pegase.permissions.rules[${index}]`;
  const permission = config.getOptionalString('permission');
  if (!permission || permission.trim() === '') {
    throw new InputError(`${where}.permission is missing`);
  }
  const conditionalConfigs = config.getOptionalConfigArray('conditional') ?? [];
  if (!config.has('allow') && conditionalConfigs.length === 0) {
    throw new InputError(
      `${where} (${permission}) allows no one: give allow, conditional or both`,
    );
  }
  return {
    permission,
    allow: config.has('allow') ? readRefs(config, 'allow', where) : [],
    conditional: conditionalConfigs.map((c, i) =>
      readGrant(c, `${where}.conditional[${i}]`),
    ),
  };
}

/**
 * Reads and checks `pegase.permissions`; a malformed rule stops the backend.
 * @public
 */
export function readPermissionSettings(
  config: Config,
): PegasePermissionSettings {
  const section = config.getOptionalConfig('pegase.permissions');
  const decision = section?.getOptionalString('defaultDecision') ?? 'allow';
  if (decision !== 'allow' && decision !== 'deny') {
    throw new InputError(
      `pegase.permissions.defaultDecision must be "allow" or "deny", not "${decision}"`,
    );
  }
  const rules = (section?.getOptionalConfigArray('rules') ?? []).map(readRule);
  const checkPlugins = section?.getOptionalStringArray('startupCheck.plugins');
  return {
    defaultDecision:
      decision === 'allow' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    rules,
    checkPlugins,
  };
}

/** Whether a rule's `permission` (a name, a prefix ending in `*`, or `*`) names a permission. */
export function ruleMatches(pattern: string, permissionName: string): boolean {
  if (pattern.endsWith('*')) {
    return permissionName.startsWith(pattern.slice(0, -1));
  }
  return pattern === permissionName;
}
