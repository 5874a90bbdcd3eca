import { useMemo } from 'react';
import { Alert, Button, Flex, Select, Text } from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { AsyncContent } from '@pcscol/plugin-pegase-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fleetApiRef } from '../../api/FleetApi';
import type { ClusterMatrixResponse } from '@pcscol/plugin-pegase-common';
import { fleetTranslationRef } from '../../translations';
import { AddonMatrix } from './AddonMatrix';
import { ClusterProblems } from './ClusterProblems';
import { ClustersTable } from './ClustersTable';
import { filterMatrix, valuesOf, type ClusterFilters } from './clusterFilters';

const ANY = '__any__';

function Clusters(props: {
  matrix: ClusterMatrixResponse;
  filters: ClusterFilters;
  onFiltersChange: (f: ClusterFilters) => void;
}) {
  const { matrix, filters, onFiltersChange } = props;
  const { t } = useTranslationRef(fleetTranslationRef);
  const view = useMemo(() => filterMatrix(matrix, filters), [matrix, filters]);
  const select = (key: keyof ClusterFilters, label: string) => (
    <div style={{ minWidth: 180 }}>
      <Select
        label={label}
        size="small"
        options={[
          { id: ANY, label: t('filters.any') },
          ...valuesOf(matrix.clusters, key).map(v => ({ id: v, label: v })),
        ]}
        selectedKey={filters[key] ?? ANY}
        onSelectionChange={k =>
          onFiltersChange({
            ...filters,
            [key]: k && k !== ANY ? String(k) : undefined,
          })
        }
      />
    </div>
  );
  const filtered = Object.values(filters).some(Boolean);
  return (
    <Flex direction="column" gap="4" data-testid="fleet-clusters">
      {!matrix.argocd.available ? (
        <Alert
          status="warning"
          title={t('argocd.unavailable', {
            message: matrix.argocd.message ?? '',
          })}
        />
      ) : null}
      <Flex gap="3" align="end" style={{ flexWrap: 'wrap' }}>
        {select('region', t('filters.region'))}
        {select('usage', t('filters.usage'))}
        {select('clusterType', t('clusters.clusterType'))}
        {filtered ? (
          <Button
            size="small"
            variant="secondary"
            onPress={() => onFiltersChange({})}
          >
            {t('filters.clear')}
          </Button>
        ) : null}
      </Flex>
      {view.clusters.length === 0 ? (
        <Text color="secondary">
          {matrix.clusters.length === 0
            ? t('clusters.noClusters')
            : t('clusters.noneMatch')}
        </Text>
      ) : (
        <>
          <ClusterProblems problems={view.problems} />
          <Text variant="title-x-small" weight="bold">
            {t('clusters.matrixTitle')}
          </Text>
          {matrix.addons.length === 0 ? (
            <Text color="secondary">{t('clusters.noAddons')}</Text>
          ) : (
            <AddonMatrix
              addons={matrix.addons}
              clusters={view.clusters}
              cells={view.cells}
            />
          )}
          <Text variant="title-x-small" weight="bold">
            {t('clusters.versionsTitle')}
          </Text>
          <ClustersTable clusters={view.clusters} problems={view.problems} />
        </>
      )}
    </Flex>
  );
}

/**
 * The Clusters view: the add-on × cluster matrix (declared and live
 * versions, ArgoCD's sync and health), the clusters' Kubernetes and Talos
 * versions and the problems, filtered by region, usage and cluster type
 * (kept in the URL by the page).
 */
export function ClustersView(props: {
  filters: ClusterFilters;
  onFiltersChange: (f: ClusterFilters) => void;
}) {
  const fleetApi = useApi(fleetApiRef);
  const state = useAsyncRetry(() => fleetApi.getClusters(), [fleetApi]);
  return (
    <AsyncContent state={state} retry={state.retry}>
      {matrix => <Clusters matrix={matrix} {...props} />}
    </AsyncContent>
  );
}
