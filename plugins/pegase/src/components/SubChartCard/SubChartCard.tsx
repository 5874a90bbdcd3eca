import {
  catalogApiRef,
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex, Text } from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { annotationOf, PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import { pegaseTranslationRef } from '../../translations';
import { Fact, FactList } from '../FactList';
import { countInstancesPerUmbrellaVersion } from './countInstances';
import { InstancesPerVersion } from './InstancesPerVersion';

/**
 * The card of a sub-chart of the Pégase umbrella chart: chart and app
 * version, owner, and how many instances run it, per umbrella version.
 * @public
 */
export function SubChartCard() {
  const { entity } = useEntity();
  const { t } = useTranslationRef(pegaseTranslationRef);
  const catalogApi = useApi(catalogApiRef);
  const unknown = t('common.unknown');
  const owners = getEntityRelations(entity, 'ownedBy');
  const { retry, ...state } = useAsyncRetry(
    () => countInstancesPerUmbrellaVersion(catalogApi, entity),
    [catalogApi, entity],
  );
  const read = (key: string) => annotationOf(entity, key) ?? unknown;

  const facts: Fact[] = [
    {
      label: t('subChartCard.chart'),
      value: read(PEGASE_ANNOTATIONS.subChart),
    },
    {
      label: t('subChartCard.chartVersion'),
      value: read(PEGASE_ANNOTATIONS.chartVersion),
    },
    {
      label: t('subChartCard.appVersion'),
      value: read(PEGASE_ANNOTATIONS.appVersion),
    },
    {
      label: t('subChartCard.owner'),
      value:
        owners.length > 0 ? (
          <EntityRefLinks entityRefs={owners} defaultKind="group" />
        ) : (
          (entity.spec?.owner as string | undefined) ?? unknown
        ),
    },
    {
      label: t('subChartCard.instances'),
      value: state.value ? (
        <span data-testid="pegase-instances-total">
          {t('subChartCard.instancesCount', { count: state.value.total })}
        </span>
      ) : (
        '—'
      ),
    },
  ];

  return (
    <PegaseCard
      title={t('subChartCard.title')}
      subtitle={entity.metadata.name}
      data-testid="pegase-sub-chart-card"
    >
      <Flex direction="column" gap="4">
        <FactList facts={facts} />
        {state.error ? (
          <Text color="danger">{t('subChartCard.loadError')}</Text>
        ) : null}
        <AsyncContent
          state={state}
          retry={retry}
          isEmpty={value => value.rows.length === 0}
          empty={
            <Text variant="body-small" color="secondary">
              {t('subChartCard.noInstances')}
            </Text>
          }
        >
          {value => <InstancesPerVersion value={value} />}
        </AsyncContent>
      </Flex>
    </PegaseCard>
  );
}
