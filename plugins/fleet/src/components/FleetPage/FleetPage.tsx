import {
  Alert,
  Container,
  Flex,
  Tab,
  TabList,
  TabPanel,
  Tabs,
} from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { AsyncContent } from '@pcscol/plugin-pegase-react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';
import {
  filtersFromParams,
  filtersToParams,
  type FleetFilters,
} from '../../lib/filters';
import { InstancesTable } from '../InstancesTable';
import { VersionMatrix } from '../VersionMatrix';
import { SubChartView } from '../SubChartView';
import { ReleaseDiffView } from '../ReleaseDiffView';
import { RolloutsTab } from '../RolloutsTab';
import {
  ClustersView,
  clusterFiltersFromParams,
  clusterFiltersToParams,
} from '../ClustersView';

const TABS = [
  'instances',
  'matrix',
  'clusters',
  'sub-chart',
  'diff',
  'rollouts',
] as const;
type TabId = (typeof TABS)[number];

/**
 * The Fleet page: every instance, the version matrix, the clusters and
 * their add-ons, one component across the fleet, release diffs, the rollouts. Everything it shows is in its URL
 * (tab, filters, component, versions, rollout), so a view can be shared as a
 * link.
 */
export function FleetPage() {
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const [params, setParams] = useSearchParams();
  const state = useAsyncRetry(() => fleetApi.getFleet(), [fleetApi]);

  const tab: TabId = (TABS as readonly string[]).includes(
    params.get('tab') ?? '',
  )
    ? (params.get('tab') as TabId)
    : 'instances';
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const filters = filtersFromParams(params);
  const listHref = (f: FleetFilters) =>
    `?${filtersToParams(f, new URLSearchParams({ tab: 'instances' }))}`;
  const rolloutHref = (id?: string) =>
    `?${new URLSearchParams(
      id ? { tab: 'rollouts', rollout: id } : { tab: 'rollouts' },
    )}`;

  return (
    <Container>
      <AsyncContent state={state} retry={state.retry}>
        {fleet => (
          <Flex direction="column" gap="4">
            {!fleet.argocd.available ? (
              <Alert
                status="warning"
                title={t('argocd.unavailable', {
                  message: fleet.argocd.message ?? '',
                })}
              />
            ) : null}
            <Tabs
              selectedKey={tab}
              onSelectionChange={k => update({ tab: String(k) })}
            >
              <TabList aria-label={t('page.title')}>
                <Tab id="instances">{t('tabs.instances')}</Tab>
                <Tab id="matrix">{t('tabs.matrix')}</Tab>
                <Tab id="clusters">{t('tabs.clusters')}</Tab>
                <Tab id="sub-chart">{t('tabs.subChart')}</Tab>
                <Tab id="diff">{t('tabs.diff')}</Tab>
                <Tab id="rollouts">{t('tabs.rollouts')}</Tab>
              </TabList>
              <TabPanel id="instances">
                <InstancesTable
                  fleet={fleet}
                  filters={filters}
                  onFiltersChange={f =>
                    setParams(filtersToParams(f, params), { replace: true })
                  }
                  onRolloutStarted={id =>
                    setParams(
                      new URLSearchParams({ tab: 'rollouts', rollout: id }),
                    )
                  }
                />
              </TabPanel>
              <TabPanel id="matrix">
                <VersionMatrix
                  fleet={fleet}
                  by={
                    params.get('by') === 'cluster' ? 'cluster' : 'region-usage'
                  }
                  onByChange={by =>
                    update({ by: by === 'cluster' ? by : undefined })
                  }
                  listHref={listHref}
                />
              </TabPanel>
              <TabPanel id="clusters">
                <ClustersView
                  filters={clusterFiltersFromParams(params)}
                  onFiltersChange={f =>
                    setParams(clusterFiltersToParams(f, params), {
                      replace: true,
                    })
                  }
                />
              </TabPanel>
              <TabPanel id="sub-chart">
                <SubChartView
                  entityName={params.get('component') ?? undefined}
                  onEntityNameChange={component => update({ component })}
                />
              </TabPanel>
              <TabPanel id="diff">
                <ReleaseDiffView
                  releases={fleet.releases}
                  from={params.get('from') ?? undefined}
                  to={params.get('to') ?? fleet.latest}
                  onChange={r => update(r)}
                />
              </TabPanel>
              <TabPanel id="rollouts">
                <RolloutsTab
                  rolloutId={params.get('rollout') ?? undefined}
                  rolloutHref={rolloutHref}
                />
              </TabPanel>
            </Tabs>
          </Flex>
        )}
      </AsyncContent>
    </Container>
  );
}
