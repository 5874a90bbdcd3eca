import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { VaultFinding } from '@pcscol/plugin-vault-common';
import { formatDate } from '../../lib/format';
import { vaultTranslationRef } from '../../translations';

/** The translated text of a finding (its backend message for an unknown kind). */
export function useFindingText() {
  const { t } = useTranslationRef(vaultTranslationRef);
  return (f: VaultFinding): string => {
    const p = Object.fromEntries(
      Object.entries(f.params).map(([k, v]) => [k, String(v)]),
    );
    switch (f.kind) {
      case 'policy-too-broad':
        return t('findings.policyTooBroad', {
          policy: p.policy ?? f.subject,
          capability: p.capability ?? '',
          path: p.path ?? '',
        });
      case 'rotation-overdue':
        if (p.schedule)
          return t('findings.rotationOverdueSchedule', {
            role: p.role ?? f.subject,
            lastRotation: formatDate(p.lastRotation),
            schedule: p.schedule,
          });
        return t('findings.rotationOverdue', {
          role: p.role ?? f.subject,
          lastRotation: formatDate(p.lastRotation),
        });
      case 'shared-service-account':
        return t('findings.sharedServiceAccount', {
          serviceAccount: p.serviceAccount ?? f.subject,
          entities: p.entities ?? '',
        });
      case 'dynamic-role-no-max-ttl':
        return t('findings.dynamicRoleNoMaxTtl', { role: p.role ?? f.subject });
      case 'missing-role':
        return t('findings.missingRole', { role: p.role ?? f.subject });
      default:
        return f.message;
    }
  };
}
