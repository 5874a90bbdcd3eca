import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Fragment, type CSSProperties } from 'react';
import {
  Alert,
  Badge,
  Cell,
  Column,
  Flex,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import { isPegaseInstance } from '@pcscol/plugin-pegase-common';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import type {
  EntityAlert,
  EntityAlertsResult,
} from '@pcscol/plugin-thanos-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { thanosApiRef } from '../../api/ThanosApi';
import { entityKey } from '../../lib/format';
import { thanosTranslationRef } from '../../translations';
import { NotConfigured } from '../NotConfigured';

/** Firing and pending alerts of the entity (filtered by the backend). */
export function AlertsCard() {
  const { entity } = useEntity();
  const key = entityKey(entity);
  const api = useApi(thanosApiRef);
  const { t } = useTranslationRef(thanosTranslationRef);
  const state = useAsyncRetry(
    () => api.getAlerts(key),
    [api, key.kind, key.namespace, key.name],
  );
  return (
    <div data-testid="thanos-alerts">
      <PegaseCard title={t('alerts.title')}>
        <AsyncContent state={state} retry={state.retry}>
          {value => (
            <AlertsBody value={value} isComponent={!isPegaseInstance(entity)} />
          )}
        </AsyncContent>
      </PegaseCard>
    </div>
  );
}

/**
 * The table lays out on its content (BUI's default is fixed, equal columns,
 * which crushes six columns in a narrow card), with tighter cells: the short
 * columns never wrap, an alert name wraps only between the words of its
 * camel case, the summary between words, and a card still too narrow scrolls
 * sideways rather than breaking a word.
 */
const PAD: CSSProperties = { padding: 'var(--bui-space-2)' };
const NOWRAP: CSSProperties = { ...PAD, whiteSpace: 'nowrap' };
const SUMMARY: CSSProperties = {
  ...PAD,
  minWidth: '12em',
  whiteSpace: 'normal',
  overflowWrap: 'normal',
  wordBreak: 'normal',
};

/** "PegaseDeploymentUnavailable" may wrap before "Deployment" and "Unavailable". */
function camelWrap(name: string) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1\n$2')
    .split('\n')
    .map((part, i) => (
      <Fragment key={i}>
        {i > 0 && <wbr />}
        {part}
      </Fragment>
    ));
}

/** Tinted by state, from the BUI status colours (light and dark themes). */
const STATE_STYLE: Record<EntityAlert['state'], CSSProperties> = {
  firing: {
    fontSize: 'var(--bui-font-size-2)',
    background: 'var(--bui-negative-bg-subdued)',
    color: 'var(--bui-negative-fg-subdued)',
    border: '1px solid var(--bui-negative-border)',
  },
  pending: {
    fontSize: 'var(--bui-font-size-2)',
    background: 'var(--bui-warning-bg-subdued)',
    color: 'var(--bui-warning-fg-subdued)',
    border: '1px solid var(--bui-warning-border)',
  },
};

/** Day, month and time in the browser's locale ("12/07, 02:05 AM" in en-US); the full date is the title. */
function shortDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

function AlertsBody(props: {
  value: EntityAlertsResult;
  isComponent: boolean;
}) {
  const { value, isComponent } = props;
  const { t } = useTranslationRef(thanosTranslationRef);
  if (!value.configured) return <NotConfigured />;
  return (
    <Flex direction="column" gap="2">
      {value.errors.length > 0 && (
        <Alert
          status="danger"
          title={`${t('alerts.querierErrors')}: ${value.errors.join(' · ')}`}
        />
      )}
      {value.warnings.length > 0 && (
        <Text as="p" variant="body-small" color="warning">
          {t('graph.warnings')}: {value.warnings.join(' · ')}
        </Text>
      )}
      {value.alerts.length === 0 ? (
        <Text as="p" variant="body-small" color="secondary">
          {t('alerts.none')}
        </Text>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <TableRoot
            aria-label={t('alerts.title')}
            style={{ tableLayout: 'auto' }}
          >
            <TableHeader>
              <Column style={NOWRAP}>{t('alerts.columns.state')}</Column>
              <Column isRowHeader style={PAD}>
                {t('alerts.columns.alert')}
              </Column>
              {isComponent && (
                <Column style={NOWRAP}>{t('alerts.columns.instance')}</Column>
              )}
              <Column style={NOWRAP}>{t('alerts.columns.severity')}</Column>
              <Column style={NOWRAP}>{t('alerts.columns.since')}</Column>
              <Column style={SUMMARY}>{t('alerts.columns.summary')}</Column>
            </TableHeader>
            <TableBody>
              {value.alerts.map((a, i) => {
                const id = `${a.name}-${a.namespace}-${i}`;
                return (
                  <Row key={id} id={id} textValue={a.name}>
                    <Cell style={NOWRAP}>
                      <Badge size="small" style={STATE_STYLE[a.state]}>
                        {a.state === 'firing'
                          ? t('alerts.firing')
                          : t('alerts.pending')}
                      </Badge>
                    </Cell>
                    <Cell style={PAD}>{camelWrap(a.name)}</Cell>
                    {isComponent && (
                      <Cell style={NOWRAP}>{a.instance ?? a.namespace}</Cell>
                    )}
                    <Cell style={NOWRAP}>{a.severity ?? '–'}</Cell>
                    <Cell style={NOWRAP}>
                      {a.activeAt ? (
                        <time
                          dateTime={a.activeAt}
                          title={new Date(a.activeAt).toLocaleString()}
                        >
                          {shortDate(a.activeAt)}
                        </time>
                      ) : (
                        '–'
                      )}
                    </Cell>
                    <Cell style={SUMMARY}>
                      {a.summary ?? a.description ?? ''}
                    </Cell>
                  </Row>
                );
              })}
            </TableBody>
          </TableRoot>
        </div>
      )}
    </Flex>
  );
}
