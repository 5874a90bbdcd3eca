import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Cell,
  Column,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import { AsyncContent } from '@pcscol/plugin-pegase-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vaultApiRef } from '../../api/VaultApi';
import { formatDate } from '../../lib/format';
import { vaultTranslationRef } from '../../translations';
import { PartError } from '../PartError';
import { VaultLink } from '../VaultLink';

/** The KV keys of the current instance: names, current version, update time (never a value). */
export function KvTree() {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { entity } = useEntity();
  const api = useApi(vaultApiRef);
  const ref = stringifyEntityRef(entity);
  const state = useAsyncRetry(() => api.getInstanceKv(ref), [api, ref]);
  return (
    <AsyncContent state={state} retry={state.retry}>
      {value => (
        <>
          <PartError part={t('sections.kv')} error={value.kv.error} />
          {(value.kv.data ?? [])
            .filter(f => f.truncated)
            .map(f => (
              <Text
                key={`truncated:${f.name}`}
                as="p"
                variant="body-small"
                color="secondary"
              >
                {t('values.kvTruncated', { folder: f.name || '/' })}
              </Text>
            ))}
          {value.kv.data && (
            <TableRoot aria-label={t('sections.kv')}>
              <TableHeader>
                <Column isRowHeader>{t('columns.key')}</Column>
                <Column>{t('columns.currentVersion')}</Column>
                <Column>{t('columns.updated')}</Column>
              </TableHeader>
              <TableBody>
                {value.kv.data.flatMap(folder =>
                  folder.keys.map(k => (
                    <Row key={k.path} id={k.path} textValue={k.path}>
                      <Cell>
                        <VaultLink href={k.uiUrl}>{k.path}</VaultLink>
                      </Cell>
                      <Cell>{k.currentVersion ?? '—'}</Cell>
                      <Cell>{formatDate(k.updatedTime)}</Cell>
                    </Row>
                  )),
                )}
              </TableBody>
            </TableRoot>
          )}
        </>
      )}
    </AsyncContent>
  );
}
