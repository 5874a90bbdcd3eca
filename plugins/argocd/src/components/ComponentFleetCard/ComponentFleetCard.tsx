import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Flex, Link, Text } from '@backstage/ui';
import {
  AsyncContent,
  PegaseCard,
  useEntityLink,
} from '@pcscol/plugin-pegase-react';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  useApi,
  useRouteRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import type { FleetResponse } from '@pcscol/plugin-argocd-common';
import { argocdApiRef } from '../../api/ArgocdApi';
import { argocdTranslationRef } from '../../translations';
import { useFleetSummary } from '../common/fleet';
import { HealthStatus, SyncStatus } from '../common/status';
import { FLEET_TAB_PATH } from '../common/paths';
import { UpstreamErrors } from '../common/UpstreamErrors';

/** Component page card: counts over the fleet and the first problems. */
export function ComponentFleetCard() {
  const { entity } = useEntity();
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const ref = getCompoundEntityRef(entity);
  const state = useAsyncRetry(
    () => api.getFleet(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
  const fleet = state.value;
  const entityRoute = useRouteRef(entityRouteRef);
  const tabLink = entityRoute
    ? `${entityRoute({
        ...ref,
        kind: ref.kind.toLocaleLowerCase('en-US'),
      })}/${FLEET_TAB_PATH}`
    : undefined;
  return (
    <PegaseCard
      title={t('fleet.title')}
      subtitle={
        fleet
          ? t('fleet.subheader', {
              count: fleet.total,
              workload: fleet.component.workload,
            })
          : undefined
      }
      actions={
        tabLink ? (
          <Link href={tabLink} variant="body-small">
            {t('common.viewAll')}
          </Link>
        ) : undefined
      }
    >
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={value => value.total === 0}
        empty={<Text as="p">{t('fleet.empty')}</Text>}
      >
        {value => <FleetSummary fleet={value} />}
      </AsyncContent>
    </PegaseCard>
  );
}

function FleetSummary({ fleet }: { fleet: FleetResponse }) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const summary = useFleetSummary();
  const entityLink = useEntityLink();
  const problems = fleet.rows.filter(r => r.problem).slice(0, 5);
  return (
    <Flex direction="column" gap="3">
      <Flex direction="column" gap="1">
        <Text as="p" variant="title-x-small" data-testid="argocd-fleet-summary">
          {summary(fleet)}
        </Text>
        {fleet.counts.problems > 0 && (
          <Text as="p" variant="body-small" color="secondary">
            {t('fleet.problems', { count: fleet.counts.problems })}
          </Text>
        )}
      </Flex>
      <UpstreamErrors errors={fleet.errors} />
      {problems.length > 0 && (
        <ul
          style={{
            listStyle: 'none',
            margin: 0,
            padding: 0,
            display: 'flex',
            flexDirection: 'column',
            gap: 'var(--bui-space-3)',
          }}
        >
          {problems.map(r => {
            const href = entityLink(r.entityRef);
            return (
              <li key={r.entityRef}>
                <Flex direction="column" gap="1">
                  {href ? (
                    <Link href={href}>{r.instance}</Link>
                  ) : (
                    <Text>{r.instance}</Text>
                  )}
                  <Text as="div" variant="body-small" color="secondary">
                    <Flex gap="3" align="center" style={{ flexWrap: 'wrap' }}>
                      <HealthStatus status={r.health} />
                      <SyncStatus status={r.sync} />
                      {r.error && <span>{r.error}</span>}
                    </Flex>
                  </Text>
                </Flex>
              </li>
            );
          })}
        </ul>
      )}
    </Flex>
  );
}
