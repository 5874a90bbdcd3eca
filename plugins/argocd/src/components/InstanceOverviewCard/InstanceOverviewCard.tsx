import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { ReactNode } from 'react';
import { Flex, Grid, Text } from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  FAILED_OPERATION_PHASES,
  type ApplicationOverview,
} from '@pcscol/plugin-argocd-common';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import { argocdApiRef } from '../../api/ArgocdApi';
import { argocdTranslationRef } from '../../translations';
import { ActionButtons, ArgocdAction } from '../common/ActionButtons';
import { targetOf } from '../common/entity';
import { useOperationPolling } from '../common/useOperationPolling';
import { InstanceAppOfApps } from '../AppOfAppsCard';
import {
  formatDate,
  HealthStatus,
  shortRevision,
  SyncStatus,
} from '../common/status';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Flex direction="column" gap="1" style={{ minWidth: 0 }}>
      <Text as="div" variant="body-small" color="secondary">
        {label}
      </Text>
      {/* a long value (the destination's URL) wraps rather than overflow */}
      <Text
        as="div"
        variant="body-medium"
        style={{ overflowWrap: 'break-word' }}
      >
        {children}
      </Text>
    </Flex>
  );
}

/** The overview of one Application (also used at the top of the ArgoCD tab). */
export function OverviewBody(props: {
  overview: ApplicationOverview;
  onChanged: (action: ArgocdAction) => void;
  /** The card spans the page (the ArgoCD tab). */
  wide?: boolean;
}) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const { entity } = useEntity();
  const o = props.overview;
  let syncPolicy: string = o.autoSync
    ? t('overview.autoSync')
    : t('overview.manualSync');
  // RollingSync turns auto-sync off, yet the ApplicationSet drives the app
  if (o.managedBy === 'RollingSync') syncPolicy = t('overview.rollingSync');
  let operationText: string = t('common.none');
  const phase = o.operation?.running
    ? t('overview.running')
    : o.operation?.phase;
  if (o.operation?.initiatedBy) {
    operationText = t('overview.operationBy', {
      phase: phase!,
      user: o.operation.initiatedBy,
    });
  } else if (o.operation) operationText = phase!;
  // ArgoCD's own words when the last operation failed or errored
  if (
    o.operation?.message &&
    !o.operation.running &&
    FAILED_OPERATION_PHASES.includes(o.operation.phase)
  )
    operationText = `${operationText}: ${o.operation.message}`;
  return (
    <Flex direction="column" gap="4">
      {/* one field a row on a phone, two in a card, four in a full-width card */}
      <Grid.Root
        columns={{ initial: '1', sm: '2', md: props.wide ? '4' : '2' }}
        gap="3"
      >
        <Field label={t('overview.sync')}>
          <SyncStatus status={o.sync.status} />
        </Field>
        <Field label={t('overview.health')}>
          <HealthStatus status={o.health.status} />
          {o.health.message ? ` ${o.health.message}` : ''}
        </Field>
        <Field label={t('overview.chartVersion')}>
          {o.chartVersion ?? t('common.none')}
          {/* a range (`4.*`) or another version than what runs */}
          {o.targetRevision && o.targetRevision !== o.chartVersion
            ? ` (${t('overview.targetRevision', { target: o.targetRevision })})`
            : ''}
        </Field>
        <Field label={t('overview.revisions')}>
          {o.sync.revisions.length
            ? o.sync.revisions.map(shortRevision).join(' / ')
            : t('common.none')}
        </Field>
        <Field label={t('overview.lastSync')}>
          {formatDate(o.lastSyncedAt, t('common.never'))}
        </Field>
        <Field label={t('overview.operation')}>{operationText}</Field>
        <Field label={t('overview.destination')}>
          {[o.destination.name ?? o.destination.server, o.destination.namespace]
            .filter(Boolean)
            .join(' / ')}
        </Field>
        <Field label={t('overview.syncPolicy')}>{syncPolicy}</Field>
        {o.conditions.length > 0 && (
          <Field label={t('overview.conditions')}>
            {o.conditions.map(c => `${c.type}: ${c.message}`).join('; ')}
          </Field>
        )}
      </Grid.Root>
      <ActionButtons
        target={{ ...targetOf(entity), appName: o.appName }}
        onDone={props.onChanged}
      />
    </Flex>
  );
}

/** Instance page card: sync, health, revisions, chart version, last sync. */
export function InstanceOverviewCard() {
  const { entity } = useEntity();
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const target = targetOf(entity);
  const state = useAsyncRetry(
    () => api.getOverview(target),
    [api, target.entityRef],
  );
  const operation = useOperationPolling(state.value, state.retry);
  const changed = (action: ArgocdAction) => {
    if (action !== 'refresh') operation.started(action);
    state.retry();
  };
  return (
    <PegaseCard
      title={t('overview.title')}
      subtitle={t('overview.subheader', {
        app: target.appName,
        argocd: state.value?.argocdInstance ?? target.argocd ?? '',
      })}
      upstream={
        state.value?.uiUrl
          ? { name: 'ArgoCD', href: state.value.uiUrl }
          : undefined
      }
    >
      <Flex direction="column" gap="4">
        <AsyncContent state={state} retry={state.retry}>
          {overview => <OverviewBody overview={overview} onChanged={changed} />}
        </AsyncContent>
        {/* where its Application comes from: the app-of-apps and its ApplicationSet */}
        <InstanceAppOfApps />
      </Flex>
    </PegaseCard>
  );
}
