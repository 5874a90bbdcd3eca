import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Who a cached view or catalog read belongs to: the user (or service) that
 * asked. What the catalog answered one caller is never served to another.
 */
export function callerOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${p.type ?? 'none'}:${p.userEntityRef ?? p.subject ?? ''}`;
}
