import type { ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Cell,
  Column,
  Flex,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { argocdObjectEntityRef } from '@pcscol/plugin-pegase-common';
import {
  HEALTH_SEVERITY,
  type AppOfAppsAnswer,
  type AppOfAppsChild,
  type HealthStatusCode,
  type SyncStatusCode,
} from '@pcscol/plugin-argocd-common';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import { argocdApiRef } from '../../api/ArgocdApi';
import { argocdTranslationRef } from '../../translations';
import { targetOf } from '../common/entity';
import { HealthStatus, SyncStatus } from '../common/status';

const SYNC_ORDER: SyncStatusCode[] = ['OutOfSync', 'Unknown', 'Synced'];

/** `2 Degraded, 10 Healthy`: worst first, each status with its dot. */
function Counts<S extends string>(props: {
  counts: Partial<Record<S, number>>;
  order: readonly S[];
  render: (status: S) => JSX.Element;
}) {
  const present = props.order.filter(s => (props.counts[s] ?? 0) > 0);
  return (
    <Flex gap="3" style={{ flexWrap: 'wrap' }}>
      {present.map(s => (
        <span key={s} style={{ whiteSpace: 'nowrap' }}>
          {props.counts[s]} {props.render(s)}
        </span>
      ))}
    </Flex>
  );
}

function ChildRow({ child }: { child: AppOfAppsChild }) {
  const { t } = useTranslationRef(argocdTranslationRef);
  return (
    <Row id={child.name} textValue={child.name}>
      <Cell>
        <Flex direction="column" gap="1">
          <span>{child.name}</span>
          {child.file && (
            // a repository path breaks at any character rather than overflow
            <Text
              variant="body-small"
              color="secondary"
              style={{ overflowWrap: 'anywhere' }}
            >
              {child.file}
            </Text>
          )}
        </Flex>
      </Cell>
      <Cell>{child.kind}</Cell>
      <Cell>
        {t('appOfApps.liveCount', {
          live: String(child.live),
          total: String(child.applications),
        })}
      </Cell>
      <Cell>
        <Counts
          counts={child.sync}
          order={SYNC_ORDER}
          render={s => <SyncStatus status={s} />}
        />
      </Cell>
      <Cell>
        <Counts
          counts={child.health}
          order={HEALTH_SEVERITY as readonly HealthStatusCode[]}
          render={s => <HealthStatus status={s} />}
        />
      </Cell>
    </Row>
  );
}

/** An app-of-apps' children: kind, Applications, their live sync and health. */
export function AppOfAppsChildren(props: {
  appOfApps: NonNullable<AppOfAppsAnswer['appOfApps']>;
}) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const a = props.appOfApps;
  if (a.children.length === 0)
    return <Text as="p">{t('appOfApps.empty')}</Text>;
  return (
    <div style={{ overflowX: 'auto' }}>
      <TableRoot aria-label={t('appOfApps.title')}>
        <TableHeader>
          <Column isRowHeader>{t('appOfApps.name')}</Column>
          <Column>{t('appOfApps.kind')}</Column>
          <Column>{t('appOfApps.applications')}</Column>
          <Column>{t('appOfApps.sync')}</Column>
          <Column>{t('appOfApps.health')}</Column>
        </TableHeader>
        <TableBody>
          {a.children.map(c => (
            <ChildRow key={c.name} child={c} />
          ))}
        </TableBody>
      </TableRoot>
    </div>
  );
}

/** App-of-apps entity page: its own live state and its children. */
export function AppOfAppsCard() {
  const { entity } = useEntity();
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const target = targetOf(entity);
  const state = useAsyncRetry(
    () => api.getAppOfApps(target),
    [api, target.entityRef],
  );
  const a = state.value?.appOfApps;
  return (
    <PegaseCard
      title={t('appOfApps.title')}
      subtitle={
        a
          ? `${t('appOfApps.subheader', {
              app: a.name,
              path: a.path ?? a.file,
            })} · ${t('appOfApps.summary', { count: a.children.length })}`
          : undefined
      }
      data-testid="argocd-app-of-apps"
    >
      <AsyncContent state={state} retry={state.retry}>
        {value =>
          value.appOfApps ? (
            <Flex direction="column" gap="3">
              {value.appOfApps.live && (
                <Flex gap="3">
                  <SyncStatus status={value.appOfApps.live.sync} />
                  <HealthStatus status={value.appOfApps.live.health} />
                </Flex>
              )}
              <AppOfAppsChildren appOfApps={value.appOfApps} />
            </Flex>
          ) : (
            <Text as="p">
              {t('appOfApps.notFound', { app: target.appName })}
            </Text>
          )
        }
      </AsyncContent>
    </PegaseCard>
  );
}

/**
 * An instance's place in the tree: the app-of-apps holding its
 * ApplicationSet, and how many Applications that ApplicationSet generates.
 * Says nothing while loading; an error in a line, not the whole card.
 */
export function InstanceAppOfApps() {
  const { entity } = useEntity();
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const target = targetOf(entity);
  const state = useAsyncRetry(
    () => api.getAppOfApps(target),
    [api, target.entityRef],
  );
  if (state.error)
    return (
      <Text variant="body-small" color="secondary">
        {state.error.message}
      </Text>
    );
  const v = state.value;
  if (!v) return null;
  const caption = (label: string, text: ReactNode) => (
    <Flex direction="column" gap="1">
      <Text as="div" variant="body-small" color="secondary">
        {label}
      </Text>
      <Text as="div" variant="body-medium">
        {text}
      </Text>
    </Flex>
  );
  return (
    <Flex
      gap="5"
      style={{ flexWrap: 'wrap' }}
      data-testid="argocd-instance-tree"
    >
      {caption(
        t('appOfApps.parent'),
        v.appOfApps ? (
          <>
            {/* its entity page: the catalog module emits it under its ArgoCD name */}
            <EntityRefLink entityRef={argocdObjectEntityRef(v.appOfApps.name)}>
              {v.appOfApps.name}
            </EntityRefLink>
            {v.appOfApps.live
              ? ` (${t(`sync.${v.appOfApps.live.sync}` as const)})`
              : ''}
          </>
        ) : (
          t('appOfApps.none')
        ),
      )}
      {v.applicationSet &&
        caption(
          t('appOfApps.applicationSet'),
          t('appOfApps.siblings', {
            appSet: v.applicationSet.name,
            count: v.applicationSet.applications,
          }),
        )}
    </Flex>
  );
}
