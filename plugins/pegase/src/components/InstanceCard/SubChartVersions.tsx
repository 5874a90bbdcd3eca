import { useMemo } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Accordion,
  AccordionPanel,
  AccordionTrigger,
  Cell,
  CellText,
  Column,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { pegaseTranslationRef } from '../../translations';

/** Entity refs of the instance's `dependsOn` refs, by entity name. */
function refsByName(dependsOn: string[]): Map<string, string> {
  const refs = new Map<string, string>();
  for (const ref of dependsOn) {
    try {
      refs.set(parseEntityRef(ref).name, ref);
    } catch {
      // not an entity ref: no link
    }
  }
  return refs;
}

/**
 * The sub-chart versions an instance's umbrella version implies (its
 * `subChartVersions` annotation), in a collapsed table whose names link to
 * the sub-charts' entities.
 */
export function SubChartVersions(props: {
  dependsOn: string[];
  versions: Record<string, string> | 'invalid' | undefined;
  chartVersion: string | undefined;
}) {
  const { t } = useTranslationRef(pegaseTranslationRef);
  const { dependsOn, versions, chartVersion } = props;
  const refs = useMemo(() => refsByName(dependsOn), [dependsOn]);
  const annotation = PEGASE_ANNOTATIONS.subChartVersions;

  if (versions === undefined || versions === 'invalid') {
    return (
      <Text variant="body-small" color="secondary">
        {versions === undefined
          ? t('instanceCard.subChartVersionsMissing', { annotation })
          : t('instanceCard.subChartVersionsInvalid', { annotation })}
      </Text>
    );
  }
  const names = Object.keys(versions).sort((a, b) => a.localeCompare(b));
  if (names.length === 0) {
    return (
      <Text variant="body-small" color="secondary">
        {t('instanceCard.subChartVersionsEmpty')}
      </Text>
    );
  }
  return (
    <div data-testid="pegase-sub-chart-versions">
      <Accordion>
        <AccordionTrigger
          title={t('instanceCard.subChartVersions', {
            version: chartVersion ?? t('common.unknown'),
          })}
          subtitle={t('instanceCard.subChartVersionsCount', {
            count: names.length,
          })}
        />
        <AccordionPanel>
          <TableRoot aria-label={t('instanceCard.columnSubChart')}>
            <TableHeader>
              <Column isRowHeader>{t('instanceCard.columnSubChart')}</Column>
              <Column>{t('instanceCard.columnVersion')}</Column>
            </TableHeader>
            <TableBody>
              {names.map(name => {
                const ref = refs.get(name);
                return (
                  <Row key={name} id={name}>
                    <Cell>
                      {ref ? (
                        <EntityRefLink
                          entityRef={ref}
                          defaultKind="component"
                        />
                      ) : (
                        name
                      )}
                    </Cell>
                    <CellText title={versions[name]} />
                  </Row>
                );
              })}
            </TableBody>
          </TableRoot>
        </AccordionPanel>
      </Accordion>
    </div>
  );
}
