import { useMemo } from 'react';
import { Flex, Link, Text } from '@backstage/ui';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  useApi,
  useRouteRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  neighbourhood,
  type ArchitectureGraph,
} from '@pcscol/plugin-architecture-common';
import {
  dependsOnRefs,
  instanceClusterRef,
  isPegaseInstance,
} from '@pcscol/plugin-pegase-common';
import {
  AsyncContent,
  PegaseCard,
  useEntityLink,
} from '@pcscol/plugin-pegase-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { architectureApiRef } from '../../api/ArchitectureApi';
import { architectureTranslationRef } from '../../translations';
import { layoutGraph } from '../../lib/layout';
import { viewToParams } from '../../lib/viewState';
import { architectureRouteRef } from '../../routes';
import { GraphView } from '../GraphView';

/** A component, API or resource: its direct relations, instances as a count. */
function NeighbourhoodView(props: { graph: ArchitectureGraph; id: string }) {
  const { graph, id } = props;
  const { t } = useTranslationRef(architectureTranslationRef);
  const entityLink = useEntityLink();
  const architectureRoute = useRouteRef(architectureRouteRef);
  const node = graph.nodes.find(n => n.id === id);
  const layout = useMemo(
    () =>
      layoutGraph(graph, {
        groupBy: 'type',
        only: neighbourhood(graph, id, 1),
      }),
    [graph, id],
  );
  if (!node) return <Text color="secondary">{t('card.notInGraph')}</Text>;
  const architectureHref = `${
    architectureRoute?.() ?? '/architecture'
  }?${viewToParams({
    groupBy: 'team',
    focus: id,
    depth: 1,
    edges: ['providesApi', 'consumesApi', 'dependsOn'],
    hide: false,
    impact: false,
  })}`;
  return (
    <Flex direction="column" gap="2">
      <div style={{ overflow: 'auto', maxHeight: 420 }}>
        <GraphView
          layout={layout}
          selected={id}
          onSelect={ref => {
            const href = entityLink(ref);
            if (href && ref !== id) window.location.assign(href);
          }}
          label={t('card.title')}
        />
      </div>
      <Flex gap="3" style={{ flexWrap: 'wrap' }}>
        {node.kind !== 'api' && node.instances > 0 ? (
          <Link
            href={`/fleet?tab=sub-chart&component=${encodeURIComponent(
              node.name,
            )}`}
          >
            {t('card.runsIn', { count: node.instances })}
          </Link>
        ) : null}
        <Link href={architectureHref}>{t('card.openArchitecture')}</Link>
      </Flex>
    </Flex>
  );
}

/** An instance: its cluster, and its components grouped by type instead of 57 edges. */
function InstanceView(props: { graph: ArchitectureGraph; entity: Entity }) {
  const { graph, entity } = props;
  const { t } = useTranslationRef(architectureTranslationRef);
  const entityLink = useEntityLink();
  const refs = dependsOnRefs(entity);
  const nodes = new Map(graph.nodes.map(n => [n.id, n]));
  const byType = new Map<string, string[]>();
  const cluster = instanceClusterRef(entity);
  for (const ref of refs) {
    const n = nodes.get(ref);
    if (!n) continue;
    byType.set(n.type, [...(byType.get(n.type) ?? []), ref]);
  }
  return (
    <Flex
      direction="column"
      gap="2"
      data-testid="architecture-instance-relations"
    >
      {cluster ? (
        <Flex gap="2">
          <Text variant="body-small" color="secondary">
            {t('card.cluster')}
          </Text>
          <Link href={entityLink(cluster)}>{cluster.split('/')[1]}</Link>
        </Flex>
      ) : null}
      <Text variant="body-small" color="secondary">
        {t('card.components')}
      </Text>
      {[...byType.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, members]) => (
          <details key={type}>
            <summary>
              <Text variant="body-small" weight="bold">
                {type} ({members.length})
              </Text>
            </summary>
            <Flex gap="2" style={{ flexWrap: 'wrap', paddingTop: 4 }}>
              {members.sort().map(ref => (
                <Link key={ref} href={entityLink(ref)}>
                  {ref.split('/')[1]}
                </Link>
              ))}
            </Flex>
          </details>
        ))}
    </Flex>
  );
}

/**
 * The relations card of the Pégase entity pages: a component's graph without
 * the fan of instances (a count and a link to the fleet instead), an
 * instance's cluster and components grouped by type.
 */
export function EntityRelationsCard() {
  const { entity } = useEntity();
  const { t } = useTranslationRef(architectureTranslationRef);
  const api = useApi(architectureApiRef);
  const state = useAsyncRetry(() => api.getGraph(), [api]);
  const id = stringifyEntityRef(entity);
  return (
    <PegaseCard
      title={t('card.title')}
      data-testid="architecture-relations-card"
    >
      <AsyncContent state={state} retry={state.retry}>
        {graph =>
          isPegaseInstance(entity) ? (
            <InstanceView graph={graph} entity={entity} />
          ) : (
            <NeighbourhoodView graph={graph} id={id} />
          )
        }
      </AsyncContent>
    </PegaseCard>
  );
}
