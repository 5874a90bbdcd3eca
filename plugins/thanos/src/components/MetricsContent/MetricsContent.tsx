import { useState } from 'react';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Flex, Grid, Link, Select, SelectItemText, Text } from '@backstage/ui';
import { AsyncContent } from '@pcscol/plugin-pegase-react';
import type { EntityMetricsInfo } from '@pcscol/plugin-thanos-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { TIME_RANGES } from '@pcscol/plugin-thanos-common';
import { EntityKey, thanosApiRef } from '../../api/ThanosApi';
import { entityKey } from '../../lib/format';
import { thanosTranslationRef } from '../../translations';
import { AlertsCard } from '../AlertsCard';
import { MetricsGraph } from '../MetricsGraph';
import { NotConfigured } from '../NotConfigured';

const RANGES = Object.keys(TIME_RANGES) as Array<
  '1h' | '6h' | '24h' | '7d' | '30d'
>;

/**
 * The metrics tab: a component across its instances (top instances by the
 * metric) or in one chosen instance, or an instance's health; a time-range
 * picker (1 hour to 30 days), the alerts, links to Grafana / Thanos.
 */
export function MetricsContent() {
  const { entity } = useEntity();
  const key = entityKey(entity);
  const api = useApi(thanosApiRef);
  const info = useAsyncRetry(
    () => api.getInfo(key),
    [api, key.kind, key.namespace, key.name],
  );
  return (
    <AsyncContent state={info} retry={info.retry}>
      {value => <MetricsView value={value} entityKey={key} />}
    </AsyncContent>
  );
}

/** The pickers, the graphs and the alerts of a loaded entity. */
function MetricsView(props: {
  value: EntityMetricsInfo;
  entityKey: EntityKey;
}) {
  const { value, entityKey: key } = props;
  const { t } = useTranslationRef(thanosTranslationRef);
  const [range, setRange] = useState<string>('24h');
  const [instance, setInstance] = useState<string>('');
  if (!value.configured) return <NotConfigured />;
  const isComponent = value.kind === 'component';
  return (
    <Flex direction="column" gap="4">
      <div>
        <Flex align="end" gap="6" style={{ flexWrap: 'wrap' }}>
          <div style={{ minWidth: 140 }}>
            <Select
              label={t('range.label')}
              data-testid="thanos-range"
              size="small"
              selectedKey={range}
              onSelectionChange={k => k !== null && setRange(String(k))}
            >
              {RANGES.map(r => (
                <SelectItemText
                  key={r}
                  id={r}
                  title={t(`range.${r}`)}
                  data-testid={`thanos-range-${r}`}
                />
              ))}
            </Select>
          </div>
          {isComponent && (
            <div style={{ minWidth: 260 }}>
              <Select
                label={t('scope.label')}
                data-testid="thanos-instance"
                size="small"
                options={[
                  { id: '', label: t('scope.fleet') },
                  ...value.instances.map(i => ({
                    id: i.name,
                    label: `${t('scope.instance')}: ${i.title ?? i.name}`,
                  })),
                ]}
                selectedKey={instance}
                onSelectionChange={k => setInstance(k ? String(k) : '')}
              />
            </div>
          )}
          {value.links.map(l => (
            <Link key={l.url} href={l.url} target="_blank" rel="noopener">
              {l.kind === 'grafana' ? t('links.grafana') : t('links.thanos')}
            </Link>
          ))}
        </Flex>
        {isComponent && !instance && value.instances.length > 0 && (
          <Text as="p" variant="body-x-small" color="secondary">
            {t('scope.fleetHelp', {
              count: Math.min(value.topInstances, value.instances.length),
              total: String(value.instances.length),
            })}
          </Text>
        )}
        {isComponent && value.instances.length === 0 && (
          <Text as="p" variant="body-small" color="secondary">
            {t('noInstance')}
          </Text>
        )}
      </div>
      <Grid.Root columns={{ initial: '1', md: '2' }} gap="4">
        {value.graphs.map(g => (
          <MetricsGraph
            key={g.id}
            entity={key}
            graph={g}
            range={range}
            instance={instance || undefined}
          />
        ))}
      </Grid.Root>
      <AlertsCard />
    </Flex>
  );
}
