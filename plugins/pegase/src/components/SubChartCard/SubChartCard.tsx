import { ReactNode } from 'react';
import {
  getEntityRelations,
  useEntity,
  EntityRefLinks,
} from '@backstage/plugin-catalog-react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { annotation, PEGASE_ANNOTATIONS } from '../../lib/annotations';
import { pegaseTranslationRef } from '../../translation';
import { useInstancesPerUmbrellaVersion } from './useInstancesPerUmbrellaVersion';

type InstancesState = ReturnType<typeof useInstancesPerUmbrellaVersion>;

function Instances(props: { state: InstancesState }) {
  const { t } = useTranslationRef(pegaseTranslationRef);
  const { value, loading, error, retry } = props.state;

  if (loading) return <Progress />;
  if (error) {
    return (
      <>
        <ResponseErrorPanel title={t('subChartCard.loadError')} error={error} />
        <Button size="small" variant="outlined" onClick={retry}>
          {t('common.retry')}
        </Button>
      </>
    );
  }
  if (!value || value.rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('subChartCard.noInstances')}
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="subtitle2" gutterBottom>
        {t('subChartCard.perUmbrellaVersion')}
      </Typography>
      <Table size="small" data-testid="pegase-instances-per-version">
        <TableHead>
          <TableRow>
            <TableCell>{t('subChartCard.columnUmbrellaVersion')}</TableCell>
            <TableCell>{t('subChartCard.columnSubChartVersion')}</TableCell>
            <TableCell align="right">
              {t('subChartCard.columnInstances')}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.rows.map(row => (
            <TableRow key={row.umbrellaVersion}>
              <TableCell>{row.umbrellaVersion}</TableCell>
              <TableCell>
                {row.subChartVersion ?? t('common.unknown')}
              </TableCell>
              <TableCell align="right">{row.instances}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

function TotalInstances(props: { state: InstancesState }) {
  const { t } = useTranslationRef(pegaseTranslationRef);
  const { value, loading, error } = props.state;
  if (loading || error || !value) return <>—</>;
  return (
    <span data-testid="pegase-instances-total">
      {t('subChartCard.instancesCount', { count: value.total })}
    </span>
  );
}

/**
 * The card of a sub-chart of the Pégase umbrella chart: chart and app
 * version, owner, and how many instances run it, per umbrella version.
 * @public
 */
export function SubChartCard() {
  const { entity } = useEntity();
  const { t } = useTranslationRef(pegaseTranslationRef);
  const unknown = t('common.unknown');
  const owners = getEntityRelations(entity, 'ownedBy');
  const instances = useInstancesPerUmbrellaVersion(entity);

  const metadata: Record<string, ReactNode> = {
    [t('subChartCard.chart')]:
      annotation(entity, PEGASE_ANNOTATIONS.subChart) ?? unknown,
    [t('subChartCard.chartVersion')]:
      annotation(entity, PEGASE_ANNOTATIONS.chartVersion) ?? unknown,
    [t('subChartCard.appVersion')]:
      annotation(entity, PEGASE_ANNOTATIONS.appVersion) ?? unknown,
    [t('subChartCard.owner')]:
      owners.length > 0 ? (
        <EntityRefLinks entityRefs={owners} defaultKind="group" />
      ) : (
        (entity.spec?.owner as string | undefined) ?? unknown
      ),
    [t('subChartCard.instances')]: <TotalInstances state={instances} />,
  };

  return (
    <InfoCard title={t('subChartCard.title')} subheader={entity.metadata.name}>
      <div data-testid="pegase-sub-chart-card">
        <StructuredMetadataTable
          dense
          metadata={metadata}
          options={{ titleFormat: key => key }}
        />
        <Instances state={instances} />
      </div>
    </InfoCard>
  );
}
