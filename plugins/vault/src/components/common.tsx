import { DependencyList, ReactNode, useEffect, useState } from 'react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { VaultFinding, VaultPart } from '@pcscol/plugin-vault-common';
import { vaultTranslationRef } from '../translation';

/** State of an async load. */
export interface AsyncState<T> {
  loading: boolean;
  value?: T;
  error?: Error;
}

/** Runs `fn` when deps change; ignores answers of a previous run. */
export function useAsyncValue<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ loading: true });
  useEffect(() => {
    let current = true;
    setState(s => ({ loading: true, value: s.value }));
    fn().then(
      value => current && setState({ loading: false, value }),
      error => current && setState({ loading: false, error }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

/** `86400` -> `1d`, `5400` -> `1h30m`. */
export function formatDuration(seconds?: number): string {
  if (seconds === undefined || seconds === null) return '—';
  if (seconds === 0) return '0';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [d && `${d}d`, h && `${h}h`, m && `${m}m`, s && `${s}s`]
    .filter(Boolean)
    .join('');
}

/** `2026-01-02T03:04:05Z` -> `2026-01-02 03:04`. */
export function formatDate(iso?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toISOString().slice(0, 16).replace('T', ' ');
}

/** A link into the Vault UI (opens in a new tab). */
export function VaultLink(props: { href?: string; children: ReactNode }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  if (!props.href) return <>{props.children}</>;
  return (
    <Link
      to={props.href}
      target="_blank"
      rel="noopener noreferrer"
      title={t('card.openInVault')}
    >
      {props.children}
    </Link>
  );
}

/** The error of one part of a view (the others still show). */
export function PartError(props: {
  part: string;
  error?: VaultPart<unknown>['error'];
}) {
  const { t } = useTranslationRef(vaultTranslationRef);
  if (!props.error) return null;
  return (
    <Typography
      variant="body2"
      color="error"
      role="alert"
      data-testid="vault-part-error"
    >
      {t('states.partError', {
        part: props.part,
        message: props.error.message,
      })}
    </Typography>
  );
}

/** The translated text of a finding. */
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

/** The list of findings. */
export function Findings(props: { findings: VaultFinding[] }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const text = useFindingText();
  return (
    <Box data-testid="vault-findings">
      <Typography variant="subtitle2">{t('sections.findings')}</Typography>
      {props.findings.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {t('states.noFindings')}
        </Typography>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {props.findings.map(f => (
            <li key={`${f.kind}:${f.subject}`}>
              <Typography
                variant="body2"
                color={f.severity === 'error' ? 'error' : 'textPrimary'}
              >
                <Chip
                  size="small"
                  label={f.severity}
                  color={f.severity === 'error' ? 'secondary' : 'default'}
                  style={{ marginRight: 6 }}
                />
                <VaultLink href={f.uiUrl}>{text(f)}</VaultLink>
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

/** A compact table (MUI) for metadata rows. */
export { default as Table } from '@material-ui/core/Table';
export { default as TableBody } from '@material-ui/core/TableBody';
export { default as TableCell } from '@material-ui/core/TableCell';
export { default as TableHead } from '@material-ui/core/TableHead';
export { default as TableRow } from '@material-ui/core/TableRow';
