import { Flex, List, ListRow, Select, Text } from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { AsyncContent } from '@pcscol/plugin-pegase-react';
import useAsync from 'react-use/esm/useAsync';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';

/** Sub-charts added, removed and moved between two umbrella versions. */
export function ReleaseDiffView(props: {
  releases: string[];
  from?: string;
  to?: string;
  onChange: (range: { from?: string; to?: string }) => void;
}) {
  const { releases, from, to, onChange } = props;
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const diff = useAsync(
    async () => (from && to ? fleetApi.getReleaseDiff(from, to) : undefined),
    [fleetApi, from, to],
  );
  const options = releases.map(v => ({ id: v, label: v }));
  const section = (title: string, items: string[], testId: string) =>
    items.length ? (
      <Flex direction="column" gap="1" data-testid={testId}>
        <Text weight="bold">
          {title} ({items.length})
        </Text>
        <List aria-label={title}>
          {items.map(i => (
            <ListRow key={i} id={i}>
              {i}
            </ListRow>
          ))}
        </List>
      </Flex>
    ) : null;
  return (
    <Flex direction="column" gap="3">
      <Flex gap="3">
        <Select
          label={t('diff.from')}
          size="small"
          options={options}
          selectedKey={from ?? null}
          onSelectionChange={k =>
            onChange({ from: k ? String(k) : undefined, to })
          }
        />
        <Select
          label={t('diff.to')}
          size="small"
          options={options}
          selectedKey={to ?? null}
          onSelectionChange={k =>
            onChange({ from, to: k ? String(k) : undefined })
          }
        />
      </Flex>
      {from && to ? (
        <AsyncContent state={diff}>
          {d =>
            d ? (
              <Flex direction="column" gap="3">
                {d.added.length + d.removed.length + d.changed.length === 0 ? (
                  <Text>{t('diff.nothing')}</Text>
                ) : null}
                {section(
                  t('diff.added'),
                  d.added.map(a => `${a.entityName} ${a.version}`),
                  'fleet-diff-added',
                )}
                {section(
                  t('diff.removed'),
                  d.removed.map(a => `${a.entityName} ${a.version}`),
                  'fleet-diff-removed',
                )}
                {section(
                  t('diff.changed'),
                  d.changed.map(c => `${c.entityName} ${c.from} → ${c.to}`),
                  'fleet-diff-changed',
                )}
                <Text color="secondary">
                  {t('diff.unchanged', { count: d.unchanged })}
                </Text>
              </Flex>
            ) : null
          }
        </AsyncContent>
      ) : (
        <Text color="secondary">{t('diff.choose')}</Text>
      )}
    </Flex>
  );
}
