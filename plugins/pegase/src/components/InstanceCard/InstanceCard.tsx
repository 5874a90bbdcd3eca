import { useMemo } from 'react';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { Flex } from '@backstage/ui';
import {
  annotationOf,
  dependsOnRefs,
  disabledComponentsOf,
  instanceClusterRef,
  parseSubChartVersions,
  PEGASE_ANNOTATIONS,
} from '@pcscol/plugin-pegase-common';
import { PegaseCard } from '@pcscol/plugin-pegase-react';
import { pegaseTranslationRef } from '../../translations';
import { Fact, FactList } from '../FactList';
import { SubChartVersions } from './SubChartVersions';
import { TtlValue } from './TtlValue';

/**
 * The instance's cluster: its `cluster` annotation, else its first
 * `dependsOn` Resource that is not one of its sub-charts.
 */
function clusterOf(
  entity: Entity,
  dependsOn: string[],
  subCharts: Record<string, string> | undefined,
): string | undefined {
  const named = instanceClusterRef(entity);
  if (named) return named;
  return dependsOn.find(ref => {
    const { kind, name } = parseEntityRef(ref);
    return (
      kind.toLocaleLowerCase('en-US') === 'resource' &&
      !(subCharts && name in subCharts)
    );
  });
}

/**
 * The card of a Pégase instance: university, region, usage, cluster, umbrella
 * version and the sub-chart versions it implies, TTL and days left.
 * @public
 */
export function InstanceCard() {
  const { entity } = useEntity();
  const { t } = useTranslationRef(pegaseTranslationRef);
  const unknown = t('common.unknown');
  const read = (key: string) => annotationOf(entity, key);

  const chartVersion = read(PEGASE_ANNOTATIONS.chartVersion);
  const versions = parseSubChartVersions(
    read(PEGASE_ANNOTATIONS.subChartVersions),
  );
  const dependsOn = useMemo(() => dependsOnRefs(entity), [entity]);
  const cluster = clusterOf(
    entity,
    dependsOn,
    typeof versions === 'object' ? versions : undefined,
  );
  const usage = read(PEGASE_ANNOTATIONS.usage);
  const usageLabels: Record<string, string> = {
    sandbox: t('usage.sandbox'),
    construction: t('usage.construction'),
    production: t('usage.production'),
  };
  const disabled = disabledComponentsOf(entity);

  const facts: Fact[] = [
    {
      label: t('instanceCard.university'),
      value: read(PEGASE_ANNOTATIONS.university) ?? unknown,
    },
    {
      label: t('instanceCard.region'),
      value: read(PEGASE_ANNOTATIONS.region) ?? unknown,
    },
    {
      label: t('instanceCard.usage'),
      value: (usage && usageLabels[usage]) ?? usage ?? unknown,
    },
    {
      label: t('instanceCard.cluster'),
      value: cluster ? (
        <EntityRefLink entityRef={cluster} data-testid="pegase-cluster-link" />
      ) : (
        unknown
      ),
    },
    {
      label: t('instanceCard.namespace'),
      value: read(PEGASE_ANNOTATIONS.namespace) ?? entity.metadata.name,
    },
    { label: t('instanceCard.chartVersion'), value: chartVersion ?? unknown },
    {
      label: t('instanceCard.ttl'),
      value: <TtlValue value={read(PEGASE_ANNOTATIONS.ttl)} />,
    },
  ];
  if (disabled.length > 0) {
    facts.push({
      label: t('instanceCard.disabledComponents'),
      value: disabled.join(', '),
    });
  }

  return (
    <PegaseCard
      title={t('instanceCard.title')}
      subtitle={entity.metadata.name}
      data-testid="pegase-instance-card"
    >
      <Flex direction="column" gap="4">
        <FactList facts={facts} />
        <SubChartVersions
          dependsOn={dependsOn}
          versions={versions}
          chartVersion={chartVersion}
        />
      </Flex>
    </PegaseCard>
  );
}
