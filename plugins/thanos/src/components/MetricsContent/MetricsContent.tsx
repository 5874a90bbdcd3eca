import { useState } from 'react';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { Link, Text } from '@backstage/ui';
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
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Box
          display="flex"
          alignItems="flex-end"
          flexWrap="wrap"
          style={{ gap: 24 }}
        >
          <FormControl style={{ minWidth: 140 }}>
            <InputLabel id="thanos-range-label">{t('range.label')}</InputLabel>
            <Select
              labelId="thanos-range-label"
              data-testid="thanos-range"
              value={range}
              onChange={e => setRange(String(e.target.value))}
            >
              {RANGES.map(r => (
                <MenuItem key={r} value={r} data-testid={`thanos-range-${r}`}>
                  {t(`range.${r}`)}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          {isComponent && (
            <FormControl style={{ minWidth: 260 }}>
              {/* shrink: the empty value ("top instances") is displayed (displayEmpty) */}
              <InputLabel id="thanos-instance-label" shrink>
                {t('scope.label')}
              </InputLabel>
              <Select
                labelId="thanos-instance-label"
                data-testid="thanos-instance"
                value={instance}
                displayEmpty
                onChange={e => setInstance(String(e.target.value))}
              >
                <MenuItem value="">{t('scope.fleet')}</MenuItem>
                {value.instances.map(i => (
                  <MenuItem key={i.name} value={i.name}>
                    {t('scope.instance')}: {i.title ?? i.name}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
          )}
          {value.links.map(l => (
            <Link key={l.url} href={l.url} target="_blank" rel="noopener">
              {l.kind === 'grafana' ? t('links.grafana') : t('links.thanos')}
            </Link>
          ))}
        </Box>
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
      </Grid>
      {value.graphs.map(g => (
        <Grid item xs={12} md={6} key={g.id}>
          <MetricsGraph
            entity={key}
            graph={g}
            range={range}
            instance={instance || undefined}
          />
        </Grid>
      ))}
      <Grid item xs={12}>
        <AlertsCard />
      </Grid>
    </Grid>
  );
}
