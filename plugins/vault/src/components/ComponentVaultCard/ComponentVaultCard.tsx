import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { vaultApiRef } from '../../api/VaultApi';
import { vaultTranslationRef } from '../../translation';
import {
  Findings,
  PartError,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  useAsyncValue,
  VaultLink,
} from '../common';

/** The Vault view of a component: its auth roles, policies and database roles across instances. @public */
export function ComponentVaultCard(props: { pageSize?: number }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { entity } = useEntity();
  const api = useApi(vaultApiRef);
  const ref = stringifyEntityRef(entity);
  const limit = props.pageSize ?? 20;
  const [offset, setOffset] = useState(0);
  const { loading, value, error } = useAsyncValue(
    () => api.getComponent(ref, { offset, limit }),
    [api, ref, offset, limit],
  );

  return (
    <InfoCard
      title={t('component.title')}
      subheader={
        value
          ? t('component.subheader', {
              serviceAccount: value.serviceAccount,
              count: value.totalInstances,
            })
          : undefined
      }
    >
      {loading && <Progress />}
      {error && (
        <Typography color="error" role="alert">
          {t('states.error', { message: error.message })}
        </Typography>
      )}
      {value && (
        <Box data-testid="vault-component-card">
          {value.totalInstances === 0 ? (
            <Typography variant="body2">{t('component.empty')}</Typography>
          ) : (
            <Table size="small" aria-label={t('component.title')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('columns.instance')}</TableCell>
                  <TableCell>{t('sections.authRole')}</TableCell>
                  <TableCell>{t('sections.policies')}</TableCell>
                  <TableCell>{t('columns.databaseRoles')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {value.instances.map(i => (
                  <TableRow key={i.entityRef}>
                    <TableCell>
                      <VaultLink href={i.kvFolderUiUrl}>{i.instance}</VaultLink>
                      <Typography
                        variant="caption"
                        display="block"
                        color="textSecondary"
                      >
                        {[i.vault?.name, i.cluster].filter(Boolean).join(' · ')}
                      </Typography>
                    </TableCell>
                    <TableCell>
                      <PartError
                        part={t('sections.authRole')}
                        error={i.authRole.error}
                      />
                      {i.authRole.data ? (
                        <>
                          <VaultLink
                            href={i.authRole.data.uiUrl}
                          >{`${i.authRole.data.mount}/${i.authRole.data.name}`}</VaultLink>{' '}
                          <Chip
                            size="small"
                            color={i.bound ? 'primary' : 'secondary'}
                            label={
                              i.bound
                                ? t('component.bound')
                                : t('component.notBound')
                            }
                          />
                        </>
                      ) : (
                        !i.authRole.error && t('values.none')
                      )}
                    </TableCell>
                    <TableCell>
                      <PartError
                        part={t('sections.policies')}
                        error={i.authRole.error ? undefined : i.policies.error}
                      />
                      {(i.policies.data ?? []).map(p => (
                        <div key={p.name}>
                          <VaultLink href={p.uiUrl}>{p.name}</VaultLink>
                          {p.tooBroad && (
                            <Chip
                              size="small"
                              color="secondary"
                              label="*/sudo"
                              style={{ marginLeft: 4 }}
                            />
                          )}
                        </div>
                      ))}
                    </TableCell>
                    <TableCell>
                      <PartError
                        part={t('columns.databaseRoles')}
                        error={
                          i.authRole.error || i.policies.error
                            ? undefined
                            : i.databaseRoles.error
                        }
                      />
                      {(i.databaseRoles.data ?? []).map(r => (
                        <div
                          key={`${r.type}:${r.name}`}
                          title={`${t('columns.grantedBy')}: ${r.grantedBy}`}
                        >
                          <VaultLink href={r.uiUrl}>{r.name}</VaultLink>{' '}
                          <Typography variant="caption" color="textSecondary">
                            (
                            {r.type === 'static'
                              ? t('values.static')
                              : t('values.dynamic')}
                            )
                          </Typography>
                        </div>
                      ))}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {value.totalInstances > value.limit && (
            <Box display="flex" alignItems="center" mt={1} style={{ gap: 8 }}>
              <Button
                size="small"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - limit))}
              >
                {t('component.previous')}
              </Button>
              <Typography variant="caption">
                {t('component.page', {
                  from: String(value.offset + 1),
                  to: String(
                    Math.min(value.offset + value.limit, value.totalInstances),
                  ),
                  total: String(value.totalInstances),
                })}
              </Typography>
              <Button
                size="small"
                disabled={offset + limit >= value.totalInstances}
                onClick={() => setOffset(offset + limit)}
              >
                {t('component.next')}
              </Button>
            </Box>
          )}
          <Box mt={1}>
            <Findings findings={value.findings} />
          </Box>
          <Typography variant="caption" color="textSecondary">
            {t('card.noValues')}
          </Typography>
        </Box>
      )}
    </InfoCard>
  );
}
