import { ReactNode, useMemo } from 'react';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusWarning,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  annotation,
  parseSubChartVersions,
  PEGASE_ANNOTATIONS,
} from '../../lib/annotations';
import { ttlState } from '../../lib/ttl';
import { pegaseTranslationRef } from '../../translation';

/** Days left under which a TTL is shown as a warning. */
const TTL_WARNING_DAYS = 7;

/** The instance's cluster: `pc-scol.fr/cluster`, else its first `spec.dependsOn` Resource that is not a sub-chart. */
function clusterRef(
  entity: Entity,
  subCharts: Record<string, string> | undefined,
): string | undefined {
  const named = annotation(entity, PEGASE_ANNOTATIONS.cluster);
  if (named) {
    return stringifyEntityRef({
      kind: 'resource',
      namespace: 'default',
      name: named,
    });
  }
  const dependsOn = (entity.spec?.dependsOn ?? []) as unknown[];
  for (const ref of dependsOn) {
    if (typeof ref !== 'string') continue;
    try {
      const parsed = parseEntityRef(ref, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
      if (parsed.kind.toLocaleLowerCase('en-US') !== 'resource') continue;
      if (subCharts && parsed.name in subCharts) continue;
      return stringifyEntityRef(parsed);
    } catch {
      // not a valid ref: skip it
    }
  }
  return undefined;
}

/** Entity refs of the instance's `dependsOn` relations, by entity name. */
function dependencyRefsByName(entity: Entity): Map<string, string> {
  const refs = new Map<string, string>();
  for (const r of entity.relations ?? []) {
    if (r.type !== 'dependsOn') continue;
    try {
      refs.set(parseEntityRef(r.targetRef).name, r.targetRef);
    } catch {
      // ignore malformed relations
    }
  }
  return refs;
}

function TtlValue(props: { value: string | undefined }) {
  const { t } = useTranslationRef(pegaseTranslationRef);
  const state = ttlState(props.value);
  switch (state.kind) {
    case 'none':
      return <>{t('instanceCard.ttlNone')}</>;
    case 'invalid':
      return (
        <StatusWarning>
          {t('instanceCard.ttlInvalid', { value: state.value })}
        </StatusWarning>
      );
    case 'expired':
      return (
        <StatusError>
          <strong data-testid="pegase-ttl-expired">
            {t('instanceCard.ttlExpired', {
              count: state.daysAgo,
              date: state.date,
            })}
          </strong>
        </StatusError>
      );
    case 'today':
      return (
        <StatusWarning>
          {t('instanceCard.ttlToday', { date: state.date })}
        </StatusWarning>
      );
    default: {
      const text = t('instanceCard.ttlLeft', {
        count: state.daysLeft,
        date: state.date,
      });
      return state.daysLeft <= TTL_WARNING_DAYS ? (
        <StatusWarning>{text}</StatusWarning>
      ) : (
        <StatusOK>{text}</StatusOK>
      );
    }
  }
}

function SubChartVersions(props: {
  entity: Entity;
  versions: Record<string, string> | 'invalid' | undefined;
  chartVersion: string | undefined;
}) {
  const { t } = useTranslationRef(pegaseTranslationRef);
  const { entity, versions, chartVersion } = props;
  const refs = useMemo(() => dependencyRefsByName(entity), [entity]);
  const annotationName = PEGASE_ANNOTATIONS.subChartVersions;

  if (versions === undefined || versions === 'invalid') {
    return (
      <Typography variant="body2" color="textSecondary">
        {versions === undefined
          ? t('instanceCard.subChartVersionsMissing', {
              annotation: annotationName,
            })
          : t('instanceCard.subChartVersionsInvalid', {
              annotation: annotationName,
            })}
      </Typography>
    );
  }
  const names = Object.keys(versions).sort((a, b) => a.localeCompare(b));
  if (names.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('instanceCard.subChartVersionsEmpty')}
      </Typography>
    );
  }
  return (
    <Accordion variant="outlined" data-testid="pegase-sub-chart-versions">
      <AccordionSummary aria-controls="pegase-sub-chart-versions-content">
        <Typography variant="subtitle2">
          {t('instanceCard.subChartVersions', {
            version: chartVersion ?? t('common.unknown'),
          })}{' '}
          — {t('instanceCard.subChartVersionsCount', { count: names.length })}
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="pegase-sub-chart-versions-content">
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('instanceCard.columnSubChart')}</TableCell>
              <TableCell>{t('instanceCard.columnVersion')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {names.map(name => {
              const ref = refs.get(name);
              return (
                <TableRow key={name}>
                  <TableCell>
                    {ref ? (
                      <EntityRefLink entityRef={ref} defaultKind="component" />
                    ) : (
                      name
                    )}
                  </TableCell>
                  <TableCell>{versions[name]}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </AccordionDetails>
    </Accordion>
  );
}

/**
 * The card of a Pégase instance: university, region, usage, cluster, umbrella
 * version and the sub-chart versions it implies, TTL and days left.
 * @public
 */
export function InstanceCard() {
  const { entity } = useEntity();
  const { t } = useTranslationRef(pegaseTranslationRef);

  const chartVersion = annotation(entity, PEGASE_ANNOTATIONS.chartVersion);
  const versions = parseSubChartVersions(
    annotation(entity, PEGASE_ANNOTATIONS.subChartVersions),
  );
  const cluster = clusterRef(
    entity,
    typeof versions === 'object' ? versions : undefined,
  );
  const usage = annotation(entity, PEGASE_ANNOTATIONS.usage);
  const disabled = annotation(entity, PEGASE_ANNOTATIONS.disabledComponents);
  const unknown = t('common.unknown');

  const usageLabel = (() => {
    switch (usage) {
      case 'sandbox':
        return t('usage.sandbox');
      case 'construction':
        return t('usage.construction');
      case 'production':
        return t('usage.production');
      default:
        return usage ?? unknown;
    }
  })();

  const metadata: Record<string, ReactNode> = {
    [t('instanceCard.university')]:
      annotation(entity, PEGASE_ANNOTATIONS.university) ?? unknown,
    [t('instanceCard.region')]:
      annotation(entity, PEGASE_ANNOTATIONS.region) ?? unknown,
    [t('instanceCard.usage')]: usageLabel,
    [t('instanceCard.cluster')]: cluster ? (
      <EntityRefLink entityRef={cluster} data-testid="pegase-cluster-link" />
    ) : (
      unknown
    ),
    [t('instanceCard.namespace')]:
      annotation(entity, PEGASE_ANNOTATIONS.namespace) ?? entity.metadata.name,
    [t('instanceCard.chartVersion')]: chartVersion ?? unknown,
    [t('instanceCard.ttl')]: (
      <TtlValue value={annotation(entity, PEGASE_ANNOTATIONS.ttl)} />
    ),
  };
  if (disabled) {
    metadata[t('instanceCard.disabledComponents')] = disabled
      .split(',')
      .map(s => s.trim())
      .filter(Boolean)
      .join(', ');
  }

  return (
    <InfoCard title={t('instanceCard.title')} subheader={entity.metadata.name}>
      <div data-testid="pegase-instance-card">
        <StructuredMetadataTable
          dense
          metadata={metadata}
          options={{ titleFormat: key => key }}
        />
        <SubChartVersions
          entity={entity}
          versions={versions}
          chartVersion={chartVersion}
        />
      </div>
    </InfoCard>
  );
}
