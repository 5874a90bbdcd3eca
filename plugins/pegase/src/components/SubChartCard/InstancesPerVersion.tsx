import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex, Text } from '@backstage/ui';
// Still MUI v4: a BUI Table is an ARIA grid (`gridcell`s), and the e2e specs
// and screen readers read this small summary as a plain table of `cell`s.
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { pegaseTranslationRef } from '../../translations';
import type { InstancesPerUmbrellaVersion } from './countInstances';

/** The instances that run a sub-chart, one row per umbrella version. */
export function InstancesPerVersion(props: {
  value: InstancesPerUmbrellaVersion;
}) {
  const { t } = useTranslationRef(pegaseTranslationRef);
  return (
    <Flex direction="column" gap="2">
      <Text variant="body-medium" weight="bold">
        {t('subChartCard.perUmbrellaVersion')}
      </Text>
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
          {props.value.rows.map(row => (
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
    </Flex>
  );
}
