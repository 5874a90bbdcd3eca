import type {
  VaultDynamicRole,
  VaultFinding,
  VaultPolicy,
  VaultPolicyRule,
  VaultStaticRole,
} from '@pcscol/plugin-vault-common';

/* The findings of the views. Policies are read in policy.ts, rotations judged in rotation.ts. */

/** A rule is too broad when it grants `sudo`, a `*` capability, or any capability on the whole tree (`*`, `+/*`...). */
export function broadGrant(
  rule: VaultPolicyRule,
): { capability: string } | undefined {
  const granted = rule.capabilities.filter(c => c !== 'deny');
  if (granted.length === 0) return undefined;
  if (granted.includes('sudo')) return { capability: 'sudo' };
  if (granted.includes('*')) return { capability: '*' };
  if (/^[+*/]*\*$/.test(rule.path) || rule.path === '')
    return { capability: granted.join(',') };
  return undefined;
}

/** Findings of the policies (one per policy, naming the first broad rule). */
export function policyFindings(policies: VaultPolicy[]): VaultFinding[] {
  const out: VaultFinding[] = [];
  for (const p of policies) {
    for (const rule of p.rules) {
      const broad = broadGrant(rule);
      if (!broad) continue;
      out.push({
        kind: 'policy-too-broad',
        severity: 'error',
        subject: p.name,
        message: `policy ${p.name} grants ${broad.capability} on "${rule.path}"`,
        params: {
          policy: p.name,
          path: rule.path,
          capability: broad.capability,
        },
        uiUrl: p.uiUrl,
      });
      break;
    }
  }
  return out;
}

/** Findings of the database engine of an instance. */
export function databaseFindings(
  staticRoles: VaultStaticRole[],
  dynamicRoles: VaultDynamicRole[],
  connections: string[],
  mountUiUrl: string,
): VaultFinding[] {
  const out: VaultFinding[] = [];
  for (const r of staticRoles) {
    if (!r.rotationOverdue) continue;
    out.push({
      kind: 'rotation-overdue',
      severity: 'warning',
      subject: r.name,
      message: `static role ${r.name} has not rotated since ${
        r.lastVaultRotation
      } (${
        r.rotationSchedule
          ? `schedule ${r.rotationSchedule}`
          : `period ${r.rotationPeriod} s`
      })`,
      params: {
        role: r.name,
        lastRotation: r.lastVaultRotation ?? '',
        period: r.rotationPeriod ?? 0,
        ...(r.rotationSchedule ? { schedule: r.rotationSchedule } : {}),
      },
      uiUrl: r.uiUrl,
    });
  }
  for (const r of dynamicRoles) {
    if (r.maxTtl) continue;
    out.push({
      kind: 'dynamic-role-no-max-ttl',
      severity: 'warning',
      subject: r.name,
      message: `dynamic role ${r.name} has no max TTL`,
      params: { role: r.name },
      uiUrl: r.uiUrl,
    });
  }
  // the layout: for each connection <db>, static <db>-owner, <db>-rw and dynamic <db>-ro
  const statics = new Set(staticRoles.map(r => r.name));
  const dynamics = new Set(dynamicRoles.map(r => r.name));
  for (const db of connections) {
    for (const [suffix, present] of [
      ['owner', statics],
      ['rw', statics],
      ['ro', dynamics],
    ] as const) {
      const name = `${db}-${suffix}`;
      if (present.has(name)) continue;
      out.push({
        kind: 'missing-role',
        severity: 'error',
        subject: name,
        message: `expected ${
          suffix === 'ro' ? 'dynamic' : 'static'
        } role ${name} is missing`,
        params: { role: name, expected: suffix, connection: db },
        uiUrl: mountUiUrl,
      });
    }
  }
  return out;
}

/** Finding of a serviceAccount shared by several sub-charts. */
export function sharedServiceAccountFinding(
  serviceAccount: string,
  entities: string[],
): VaultFinding {
  return {
    kind: 'shared-service-account',
    severity: 'warning',
    subject: serviceAccount,
    message: `serviceAccount ${serviceAccount} is shared by ${entities.join(
      ', ',
    )}: they get the same Vault identity and secrets`,
    params: { serviceAccount, entities: entities.join(', ') },
  };
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `"1h"`, `3600`, `"3600"` -> seconds. */
export function seconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  let total = 0;
  let matched = false;
  for (const m of v.matchAll(/(\d+)(s|m|h|d)/g)) {
    matched = true;
    const n = Number(m[1]);
    total += n * UNIT_SECONDS[m[2]];
  }
  return matched ? total : undefined;
}

/** Removes any inline password from a connection URL (`user:pass@` -> `user@`), keeping templates. */
export function redactConnectionUrl(
  url: string | undefined,
): string | undefined {
  if (!url) return url;
  return url.replace(
    /(\/\/[^:/@\s]+):(?!\{\{password\}\})[^@/\s]*@/,
    '$1:***@',
  );
}
