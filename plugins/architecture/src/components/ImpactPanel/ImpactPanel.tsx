import {
  Button,
  CellText,
  Flex,
  Table,
  Text,
  type ColumnConfig,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  impactToCsv,
  type ArchitectureImpact,
  type ImpactedComponent,
} from '@pcscol/plugin-architecture-common';
import { PegaseCard } from '@pcscol/plugin-pegase-react';
import { architectureTranslationRef } from '../../translations';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** Every component a change reaches, their teams and instances; CSV export. */
export function ImpactPanel(props: {
  name: string;
  impact: ArchitectureImpact;
  entityHref: (ref: string) => string | undefined;
}) {
  const { name, impact, entityHref } = props;
  const { t } = useTranslationRef(architectureTranslationRef);
  const columns: ColumnConfig<ImpactedComponent>[] = [
    {
      id: 'name',
      label: t('impact.component'),
      isRowHeader: true,
      cell: c => <CellText title={c.name} href={entityHref(c.id)} />,
    },
    {
      id: 'owner',
      label: t('impact.owner'),
      cell: c => <CellText title={c.owner ?? ''} />,
    },
    {
      id: 'depth',
      label: t('impact.depth'),
      cell: c => (
        <CellText
          title={
            c.depth === 1
              ? t('impact.direct')
              : t('impact.through', { count: c.depth - 1 })
          }
        />
      ),
    },
    {
      id: 'instances',
      label: t('impact.instances'),
      cell: c => <CellText title={String(c.instances)} />,
    },
  ];
  return (
    <PegaseCard
      title={t('impact.title', { name })}
      subtitle={t('impact.summary', {
        components: String(impact.components.length),
        teams: String(impact.teams.length),
        runs: String(impact.instanceRuns),
      })}
      actions={
        <Button
          size="small"
          variant="secondary"
          onPress={() => download(`impact-${name}.csv`, impactToCsv(impact))}
        >
          {t('impact.exportCsv')}
        </Button>
      }
      data-testid="architecture-impact"
    >
      {impact.components.length === 0 ? (
        <Text color="secondary">{t('impact.none')}</Text>
      ) : (
        <Flex direction="column">
          <Table
            columnConfig={columns}
            data={impact.components}
            pagination={{ type: 'none' }}
          />
        </Flex>
      )}
    </PegaseCard>
  );
}
