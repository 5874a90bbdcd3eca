import { InputError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import { INSTANCE_NAME_MAX_LENGTH } from '@pcscol/plugin-pegase-node';

/** DNS-1123 label: lower-case alphanumerics and `-`, alphanumeric at both ends. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Zalando cluster names: `^[a-z]([-a-z0-9]*[a-z0-9])?$`. */
export const ZALANDO_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Maximum length of a Zalando cluster name (63 - len("-repl")). */
export const ZALANDO_NAME_MAX_LENGTH = 58;
/** Maximum length of a Strimzi Kafka cluster name (our rule: pods `<name>-<pool>-<id>` stay ≤ 63). */
export const KAFKA_NAME_MAX_LENGTH = 40;
/** PostgreSQL role and database names accepted in requests. */
export const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Rejects control characters (newlines included) and characters that would
 * let a single-line field break out of its YAML/JSON scalar or a path, in any
 * string of the input. Names are then checked by their own patterns.
 */
export function assertNoInjection(value: unknown, field = 'input'): void {
  if (typeof value === 'string') {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(value)) {
      throw new InputError(
        `${field} contains a control character or a line break, which is not allowed`,
      );
    }
    if (value.length > 500) {
      throw new InputError(`${field} is longer than 500 characters`);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoInjection(v, `${field}[${i}]`));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') {
        throw new InputError(`${field} has a forbidden key '${k}'`);
      }
      assertNoInjection(k, `${field} key`);
      assertNoInjection(v, `${field}.${k}`);
    }
  }
}

/** Names of files and objects: no path tricks, then the pattern. */
export function assertName(
  value: string,
  field: string,
  rule: { pattern: RegExp; maxLength: number; description: string },
): void {
  if (value.includes('/') || value.includes('\\') || value.includes('..')) {
    throw new InputError(
      `${field} '${value}' must not contain '/', '\\' or '..'`,
    );
  }
  if (value.length === 0 || value.length > rule.maxLength) {
    throw new InputError(
      `${field} '${value}' must have 1 to ${rule.maxLength} characters (it has ${value.length})`,
    );
  }
  if (!rule.pattern.test(value)) {
    throw new InputError(`${field} '${value}' is not ${rule.description}`);
  }
}

export function assertInstanceName(value: string, field = 'name') {
  assertName(value, field, {
    pattern: DNS1123_LABEL,
    maxLength: INSTANCE_NAME_MAX_LENGTH,
    description: `a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit; at most ${INSTANCE_NAME_MAX_LENGTH} characters, the Helm release limit)`,
  });
}

export function assertDnsLabel(value: string, field: string, maxLength = 63) {
  assertName(value, field, {
    pattern: DNS1123_LABEL,
    maxLength,
    description: `a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)`,
  });
}

/** Zalando naming rule: `<teamId>-...`, `^[a-z]([-a-z0-9]*[a-z0-9])?$`, at most 58 characters. */
export function assertZalandoName(
  value: string,
  teamId: string,
  field = 'name',
) {
  assertName(value, field, {
    pattern: ZALANDO_NAME,
    maxLength: ZALANDO_NAME_MAX_LENGTH,
    description: `a Zalando cluster name (lower-case letter first, then lower-case letters, digits and '-'; at most ${ZALANDO_NAME_MAX_LENGTH} characters)`,
  });
  if (!value.startsWith(`${teamId}-`) || value.length <= teamId.length + 1) {
    throw new InputError(
      `${field} '${value}' must start with the team id followed by a dash: '${teamId}-'`,
    );
  }
}

/** A Backstage entity ref (`kind:namespace/name`), as the value of the `requestedFor` label (`PEGASE_LABELS.requestedFor`): `kind.namespace.name`. */
export function requestedForLabel(
  ref: string,
  field = 'requestedFor',
): { ref: string; label: string } {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'resource',
      defaultNamespace: 'default',
    });
  } catch (e) {
    throw new InputError(
      `${field} '${ref}' is not an entity ref: ${(e as Error).message}`,
    );
  }
  const parts = [
    parsed.kind.toLocaleLowerCase('en-US'),
    parsed.namespace,
    parsed.name,
  ];
  for (const p of parts) {
    if (!/^[A-Za-z0-9]([-A-Za-z0-9_]*[A-Za-z0-9])?$/.test(p)) {
      throw new InputError(
        `${field} '${ref}' cannot be written as a label value (part '${p}')`,
      );
    }
  }
  const label = parts.join('.');
  if (label.length > 63) {
    throw new InputError(
      `${field} '${ref}' is too long for a label value (${label.length} > 63)`,
    );
  }
  return { ref: `${parts[0]}:${parts[1]}/${parts[2]}`, label };
}

/** Checks an ISO-8601 date (`YYYY-MM-DD` or date-time) in the future, within `maxDays`. */
export function assertTtl(
  ttl: string,
  now: Date,
  maxDays: number,
  field = 'ttl',
): void {
  if (
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(
      ttl,
    ) ||
    Number.isNaN(Date.parse(ttl))
  ) {
    throw new InputError(
      `${field} '${ttl}' is not an ISO-8601 date (YYYY-MM-DD or a date-time)`,
    );
  }
  const t = Date.parse(ttl);
  if (t <= now.getTime()) {
    throw new InputError(`${field} '${ttl}' is not in the future`);
  }
  const days = (t - now.getTime()) / 86_400_000;
  if (days > maxDays) {
    throw new InputError(
      maxDays === 0
        ? `${field}: a TTL is not allowed for this usage`
        : `${field} '${ttl}' is more than ${maxDays} days away (the limit of this usage)`,
    );
  }
}

/** Kubernetes quantity in GiB (`20Gi`, `1Ti`, `500Mi`); throws on anything else. */
export function quantityToGi(value: string, field: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|Ti)$/.exec(value);
  if (!m) {
    throw new InputError(
      `${field} '${value}' is not a size like 20Gi (units Mi, Gi, Ti)`,
    );
  }
  const n = Number(m[1]);
  const factor: Record<string, number> = { Mi: 1 / 1024, Gi: 1, Ti: 1024 };
  const gi = n * factor[m[2]];
  if (gi <= 0)
    throw new InputError(`${field} '${value}' must be greater than 0`);
  return gi;
}

/**
 * The names of a request's list (users, databases, topics): each checked
 * with {@link assertName} (at most 63 characters), none twice. Returns them.
 */
export function assertUniqueNames(
  names: string[],
  rule: { field: string; what: string; pattern: RegExp; description: string },
): Set<string> {
  const seen = new Set<string>();
  for (const name of names) {
    assertName(name, rule.field, {
      pattern: rule.pattern,
      maxLength: 63,
      description: rule.description,
    });
    if (seen.has(name)) {
      throw new InputError(`${rule.what} '${name}' is listed twice`);
    }
    seen.add(name);
  }
  return seen;
}
