import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type {
  VaultKubernetesRole,
  VaultPolicy,
} from '@pcscol/plugin-vault-common';
import { vaultApiRef } from '../../api/VaultApi';
import { vaultTranslationRef } from '../../translation';
import {
  Findings,
  formatDate,
  formatDuration,
  PartError,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  useAsyncValue,
  VaultLink,
} from '../common';
import {
  EnginesAndConnections,
  RolesTable,
  useInstanceView,
} from '../InstanceVaultCard';

/** A Kubernetes auth role. */
export function AuthRole(props: { role: VaultKubernetesRole }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const r = props.role;
  return (
    <Table size="small" aria-label={t('sections.authRole')}>
      <TableBody>
        <TableRow>
          <TableCell>{t('columns.name')}</TableCell>
          <TableCell>
            <VaultLink
              href={r.uiUrl}
            >{`auth/${r.mount}/role/${r.name}`}</VaultLink>
          </TableCell>
        </TableRow>
        <TableRow>
          <TableCell>{t('columns.serviceAccounts')}</TableCell>
          <TableCell>{r.boundServiceAccountNames.join(', ') || '—'}</TableCell>
        </TableRow>
        <TableRow>
          <TableCell>{t('columns.namespaces')}</TableCell>
          <TableCell>
            {r.boundServiceAccountNamespaces.join(', ') || '—'}
          </TableCell>
        </TableRow>
        <TableRow>
          <TableCell>{t('sections.policies')}</TableCell>
          <TableCell>{r.policies.join(', ') || '—'}</TableCell>
        </TableRow>
        <TableRow>
          <TableCell>{`${t('columns.ttl')} / ${t(
            'columns.maxTtl',
          )}`}</TableCell>
          <TableCell>{`${formatDuration(r.tokenTtl)} / ${formatDuration(
            r.tokenMaxTtl,
          )}`}</TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

/** Policies with their rules (paths and capabilities). */
export function Policies(props: { policies: VaultPolicy[] }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  return (
    <Table size="small" aria-label={t('sections.policies')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('columns.name')}</TableCell>
          <TableCell>{t('columns.path')}</TableCell>
          <TableCell>{t('columns.capabilities')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.policies.flatMap(p =>
          (p.rules.length ? p.rules : [{ path: '—', capabilities: [] }]).map(
            (rule, i) => (
              <TableRow key={`${p.name}:${i}`}>
                <TableCell>
                  {i === 0 && <VaultLink href={p.uiUrl}>{p.name}</VaultLink>}
                </TableCell>
                <TableCell style={{ wordBreak: 'break-all' }}>
                  {rule.path}
                </TableCell>
                <TableCell>
                  <Typography
                    variant="body2"
                    color={
                      rule.capabilities.includes('sudo') || rule.path === '*'
                        ? 'error'
                        : 'textPrimary'
                    }
                  >
                    {rule.capabilities.join(', ')}
                  </Typography>
                </TableCell>
              </TableRow>
            ),
          ),
        )}
      </TableBody>
    </Table>
  );
}

function KvTree() {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { entity } = useEntity();
  const api = useApi(vaultApiRef);
  const ref = stringifyEntityRef(entity);
  const { loading, value, error } = useAsyncValue(
    () => api.getInstanceKv(ref),
    [api, ref],
  );
  if (loading) return <Progress />;
  if (error)
    return (
      <Typography color="error">
        {t('states.error', { message: error.message })}
      </Typography>
    );
  if (!value) return null;
  return (
    <>
      <PartError part={t('sections.kv')} error={value.kv.error} />
      {value.kv.data && (
        <Table size="small" aria-label={t('sections.kv')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('columns.key')}</TableCell>
              <TableCell>{t('columns.currentVersion')}</TableCell>
              <TableCell>{t('columns.updated')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.kv.data.flatMap(folder =>
              folder.keys.map(k => (
                <TableRow key={k.path}>
                  <TableCell>
                    <VaultLink href={k.uiUrl}>{k.path}</VaultLink>
                  </TableCell>
                  <TableCell>{k.currentVersion ?? '—'}</TableCell>
                  <TableCell>{formatDate(k.updatedTime)}</TableCell>
                </TableRow>
              )),
            )}
          </TableBody>
        </Table>
      )}
    </>
  );
}

/** The Vault tab of an instance: every detail. @public */
export function InstanceVaultContent() {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { loading, value, error } = useInstanceView();
  if (loading && !value) return <Progress />;
  if (error || !value) {
    return (
      <Typography color="error" role="alert">
        {t('states.error', { message: error?.message ?? '' })}
      </Typography>
    );
  }
  return (
    <Grid container spacing={3} data-testid="vault-instance-content">
      <Grid item xs={12}>
        <InfoCard
          title={t('card.title')}
          subheader={t('card.subheader', {
            cluster: value.vault.name,
            path: value.vaultPath,
          })}
        >
          <EnginesAndConnections view={value} />
          <Box mt={2}>
            <Findings findings={value.findings} />
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={t('sections.roles')}>
          {value.database.data ? (
            <RolesTable database={value.database.data} />
          ) : (
            <PartError
              part={t('sections.roles')}
              error={value.database.error}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={t('sections.authRole')}>
          <PartError
            part={t('sections.authRole')}
            error={value.authRole.error}
          />
          {value.authRole.data ? (
            <AuthRole role={value.authRole.data} />
          ) : (
            !value.authRole.error && (
              <Typography variant="body2">
                {t('values.noRole', {
                  name: value.instance,
                  mount: `kubernetes/${value.cluster ?? '?'}`,
                })}
              </Typography>
            )
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={t('sections.policies')}>
          <PartError
            part={t('sections.policies')}
            error={value.policies.error}
          />
          {value.policies.data && <Policies policies={value.policies.data} />}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title={t('sections.kv')}>
          <KvTree />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Typography variant="caption" color="textSecondary">
          {t('card.noValues')}
        </Typography>
      </Grid>
    </Grid>
  );
}
