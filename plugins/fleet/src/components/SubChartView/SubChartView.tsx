import {
  Cell,
  CellText,
  Flex,
  Link,
  Select,
  Table,
  Text,
  type ColumnConfig,
} from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { AsyncContent, useEntityLink } from '@pcscol/plugin-pegase-react';
import useAsync from 'react-use/esm/useAsync';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';

type Row = { id: string; version: string; instances: string[] };

/** One component across the fleet: its versions and where each runs, where it is disabled. */
export function SubChartView(props: {
  entityName?: string;
  onEntityNameChange: (name: string | undefined) => void;
}) {
  const { entityName, onEntityNameChange } = props;
  const { t } = useTranslationRef(fleetTranslationRef);
  const catalogApi = useApi(catalogApiRef);
  const fleetApi = useApi(fleetApiRef);
  const entityLink = useEntityLink();
  const components = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: {
        [`metadata.annotations.${PEGASE_ANNOTATIONS.subChart}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ['metadata.name'],
    });
    return [...new Set(items.map(e => e.metadata.name))].sort();
  }, [catalogApi]);
  const view = useAsync(
    async () => (entityName ? fleetApi.getSubChart(entityName) : undefined),
    [fleetApi, entityName],
  );
  const instanceLinks = (names: string[]) => (
    <Cell>
      <Flex gap="2" style={{ flexWrap: 'wrap' }}>
        {names.map(n => (
          <Link key={n} href={entityLink(`resource:default/${n}`)}>
            {n}
          </Link>
        ))}
      </Flex>
    </Cell>
  );
  const columns: ColumnConfig<Row>[] = [
    {
      id: 'version',
      label: t('subChart.version'),
      isRowHeader: true,
      // a version and a count: the instance names get the width
      defaultWidth: '1fr',
      cell: r => (
        <CellText title={r.version} description={String(r.instances.length)} />
      ),
    },
    {
      id: 'instances',
      label: t('subChart.instances'),
      defaultWidth: '4fr',
      cell: r => instanceLinks(r.instances),
    },
  ];
  return (
    <Flex direction="column" gap="3">
      <div style={{ maxWidth: 320 }}>
        <Select
          label={t('subChart.choose')}
          placeholder={t('subChart.placeholder')}
          size="small"
          isDisabled={!components.value}
          options={(components.value ?? []).map(n => ({ id: n, label: n }))}
          selectedKey={entityName ?? null}
          onSelectionChange={k => onEntityNameChange(k ? String(k) : undefined)}
        />
      </div>
      {entityName ? (
        <AsyncContent state={view}>
          {v =>
            v ? (
              <Flex direction="column" gap="3" data-testid="fleet-sub-chart">
                <Table
                  columnConfig={columns}
                  data={v.versions.map(r => ({ ...r, id: r.version }))}
                  pagination={{ type: 'none' }}
                />
                <Text weight="bold">{t('subChart.disabled')}</Text>
                {v.disabledIn.length ? (
                  <Flex gap="2" style={{ flexWrap: 'wrap' }}>
                    {v.disabledIn.map(n => (
                      <Link key={n} href={entityLink(`resource:default/${n}`)}>
                        {n}
                      </Link>
                    ))}
                  </Flex>
                ) : (
                  <Text color="secondary">{t('subChart.none')}</Text>
                )}
              </Flex>
            ) : null
          }
        </AsyncContent>
      ) : null}
    </Flex>
  );
}
