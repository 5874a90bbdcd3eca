import { useState, type ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Badge,
  Button,
  Cell,
  Column,
  Dialog,
  DialogFooter,
  DialogHeader,
  Flex,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
  VisuallyHidden,
} from '@backstage/ui';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import {
  useApi,
  useTranslationRef,
  type TranslationFunction,
} from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  argocdApplicationRollbackPermission,
  ApplicationHistory,
  HistoryEntryView,
  ResourceGroupView,
  ResourceNodeView,
} from '@pcscol/plugin-argocd-common';
import { argocdApiRef } from '../../api/ArgocdApi';
import { argocdTranslationRef } from '../../translations';
import { ArgocdAction, useArgocdAction } from '../common/ActionButtons';
import { targetOf } from '../common/entity';
import { useOperationPolling } from '../common/useOperationPolling';
import { formatDate, HealthStatus, shortRevision } from '../common/status';
import { OverviewBody } from '../InstanceOverviewCard/InstanceOverviewCard';
import { GeneratedApplicationCard } from '../GeneratedApplicationCard';

function duration(e: HistoryEntryView): string {
  if (!e.deployedAt || !e.deployStartedAt) return '';
  const s = Math.round(
    (Date.parse(e.deployedAt) - Date.parse(e.deployStartedAt)) / 1000,
  );
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/**
 * A table sized by its content: headers and values stay on one line and the
 * table scrolls sideways in a narrow window rather than break a word.
 */
function ScrollingTable(props: { label: string; children: ReactNode }) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <TableRoot
        aria-label={props.label}
        style={{ tableLayout: 'auto', minWidth: '100%', width: 'max-content' }}
      >
        {props.children}
      </TableRoot>
    </div>
  );
}

const NOWRAP = { whiteSpace: 'nowrap' } as const;

function HistoryCard(props: {
  history: ApplicationHistory;
  onChanged: (action: ArgocdAction) => void;
}) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const { entity } = useEntity();
  const rollback = usePermission({
    permission: argocdApplicationRollbackPermission,
    resourceRef: targetOf(entity).entityRef,
  });
  const { run, busy } = useArgocdAction(props.onChanged);
  // the entry asked about stays set while the dialog closes
  const [confirm, setConfirm] = useState<HistoryEntryView | undefined>();
  const [open, setOpen] = useState(false);
  const h = props.history;
  const rollingSync = h.managedBy === 'RollingSync';
  // RollingSync turns auto-sync off, yet the ApplicationSet drives the app
  const canRollBack = rollback.allowed && !rollingSync;
  let subtitle: string | undefined;
  if (rollingSync) subtitle = t('actions.rollbackRollingSync');
  else if (canRollBack && h.autoSync && h.entries.some(e => !e.current))
    subtitle = t('actions.rollbackAutoSync');
  return (
    <PegaseCard title={t('history.title')} subtitle={subtitle}>
      {h.entries.length === 0 ? (
        <Text as="p">{t('history.empty')}</Text>
      ) : (
        <ScrollingTable label={t('history.title')}>
          <TableHeader>
            <Column isRowHeader style={NOWRAP}>
              {t('history.id')}
            </Column>
            <Column style={NOWRAP}>{t('history.chartVersion')}</Column>
            <Column style={NOWRAP}>{t('history.revisions')}</Column>
            <Column style={NOWRAP}>{t('history.deployedAt')}</Column>
            <Column style={NOWRAP}>{t('history.duration')}</Column>
            <Column style={NOWRAP}>{t('history.initiatedBy')}</Column>
            {canRollBack ? (
              <Column>
                <VisuallyHidden>{t('history.actions')}</VisuallyHidden>
              </Column>
            ) : null}
          </TableHeader>
          <TableBody>
            {h.entries.map(e => (
              <Row
                key={e.id}
                id={String(e.id)}
                textValue={String(e.id)}
                style={NOWRAP}
              >
                <Cell>{e.id}</Cell>
                <Cell>
                  <Flex gap="2" align="center">
                    <span>{e.chartVersion ?? t('common.none')}</span>
                    {e.current && (
                      <Badge size="small">{t('history.current')}</Badge>
                    )}
                  </Flex>
                </Cell>
                <Cell>
                  {/* the chart's revision is its version, the column before */}
                  {e.revisions
                    .filter(r => r !== e.chartVersion)
                    .map(shortRevision)
                    .join(' / ') || t('common.none')}
                </Cell>
                <Cell>{formatDate(e.deployedAt, t('common.none'))}</Cell>
                <Cell>{duration(e)}</Cell>
                <Cell>
                  {e.automated ? t('history.automated') : e.initiatedBy}
                </Cell>
                {canRollBack ? (
                  <Cell>
                    {!e.current && (
                      <Button
                        size="small"
                        variant="secondary"
                        isDisabled={h.autoSync || Boolean(busy)}
                        onPress={() => {
                          setConfirm(e);
                          setOpen(true);
                        }}
                      >
                        {t('actions.rollback')}
                      </Button>
                    )}
                  </Cell>
                ) : null}
              </Row>
            ))}
          </TableBody>
        </ScrollingTable>
      )}
      <Dialog isOpen={open} onOpenChange={setOpen}>
        <DialogHeader>
          {confirm &&
            t('actions.rollbackTitle', {
              app: h.appName,
              id: String(confirm.id),
              version: confirm.chartVersion ?? '',
            })}
        </DialogHeader>
        <DialogFooter>
          <Button variant="secondary" onPress={() => setOpen(false)}>
            {t('actions.cancel')}
          </Button>
          <Button
            variant="primary"
            onPress={() => {
              setOpen(false);
              if (confirm)
                run('rollback', { ...targetOf(entity), id: confirm.id });
            }}
          >
            {t('actions.confirm')}
          </Button>
        </DialogFooter>
      </Dialog>
    </PegaseCard>
  );
}

function flatten(
  nodes: ResourceNodeView[],
  depth = 0,
): Array<{ node: ResourceNodeView; depth: number }> {
  return nodes.flatMap(n => [
    { node: n, depth },
    ...flatten(n.children, depth + 1),
  ]);
}

/** A sub-chart's heading row, then its resources, children indented. */
function groupRows(
  group: ResourceGroupView,
  t: TranslationFunction<typeof argocdTranslationRef.T>,
) {
  const title = group.component ?? t('resources.other');
  const key = group.component ?? '(other)';
  const caption = (text: string) => (
    <Text variant="body-small" color="secondary">
      {text}
    </Text>
  );
  return [
    <Row
      key={`group:${key}`}
      id={`group:${key}`}
      textValue={title}
      style={{ background: 'var(--bui-bg-neutral-2)' }}
    >
      <Cell colSpan={4}>
        <Flex align="center" gap="3" style={{ flexWrap: 'wrap' }}>
          <Text variant="body-medium" weight="bold">
            {title}
          </Text>
          {group.subChart &&
            group.subChart !== group.component &&
            caption(t('resources.subChart', { name: group.subChart }))}
          <HealthStatus status={group.health} />
          {group.versions.length > 0 &&
            caption(
              t('resources.versions', {
                versions: group.versions.join(', '),
              }),
            )}
          {group.expectedVersion &&
            caption(
              t('resources.expected', { version: group.expectedVersion }),
            )}
        </Flex>
      </Cell>
    </Row>,
    ...flatten(group.resources).map(({ node, depth }) => {
      const id = `${key}:${node.kind}/${node.namespace ?? ''}/${node.name}`;
      return (
        <Row key={id} id={id} textValue={node.name}>
          <Cell
            style={{
              ...NOWRAP,
              paddingLeft: `calc(var(--bui-space-3) + ${depth * 20}px)`,
            }}
          >
            {node.kind}
          </Cell>
          <Cell style={NOWRAP}>{node.name}</Cell>
          <Cell>
            <Flex direction="column" gap="1">
              {node.health ? (
                <HealthStatus status={node.health} />
              ) : (
                <span>{t('common.none')}</span>
              )}
              {node.healthMessage && caption(node.healthMessage)}
            </Flex>
          </Cell>
          <Cell>
            {/* one image a line: an image reference is never split */}
            <Flex direction="column" gap="1">
              {node.images.map(image => (
                <span key={image} style={NOWRAP}>
                  {image}
                </span>
              ))}
            </Flex>
          </Cell>
        </Row>
      );
    }),
  ];
}

function ResourcesCard(props: { appName: string; entityRef: string }) {
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const state = useAsyncRetry(
    () =>
      api.getResources({
        appName: props.appName,
        entityRef: props.entityRef,
      }),
    [api, props.appName, props.entityRef],
  );
  const groups = state.value?.groups ?? [];
  return (
    <PegaseCard
      title={t('resources.title')}
      subtitle={
        state.value
          ? t('resources.summary', {
              count: groups.filter(g => g.component).length,
            })
          : undefined
      }
    >
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={value => value.groups.length === 0}
        empty={<Text as="p">{t('resources.empty')}</Text>}
      >
        {value => (
          <ScrollingTable label={t('resources.title')}>
            <TableHeader>
              <Column isRowHeader style={NOWRAP}>
                {t('resources.kind')}
              </Column>
              <Column style={NOWRAP}>{t('resources.name')}</Column>
              <Column style={NOWRAP}>{t('resources.health')}</Column>
              <Column style={NOWRAP}>{t('resources.images')}</Column>
            </TableHeader>
            <TableBody>{value.groups.flatMap(g => groupRows(g, t))}</TableBody>
          </ScrollingTable>
        )}
      </AsyncContent>
    </PegaseCard>
  );
}

/**
 * The ArgoCD tab of an instance: overview, the Application its ApplicationSet
 * generates beside the live one, history, resources by sub-chart.
 */
export function InstanceArgocdContent() {
  const { entity } = useEntity();
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const target = targetOf(entity);
  const overview = useAsyncRetry(
    () => api.getOverview(target),
    [api, target.entityRef],
  );
  const history = useAsyncRetry(
    () => api.getHistory(target),
    [api, target.entityRef],
  );
  // a sync or rollback runs after the request: Running, then its result
  const operation = useOperationPolling(
    overview.value,
    overview.retry,
    history.retry,
  );
  const changed = (action: ArgocdAction) => {
    if (action !== 'refresh') operation.started(action);
    overview.retry();
    history.retry();
  };
  return (
    // stacked, as in ArgoCD's own UI: the history's seven columns need the width
    <Flex direction="column" gap="4">
      <PegaseCard
        title={t('overview.title')}
        subtitle={t('overview.subheader', {
          app: target.appName,
          argocd: overview.value?.argocdInstance ?? target.argocd ?? '',
        })}
        upstream={
          overview.value?.uiUrl
            ? { name: 'ArgoCD', href: overview.value.uiUrl }
            : undefined
        }
      >
        <AsyncContent state={overview} retry={overview.retry}>
          {value => <OverviewBody overview={value} onChanged={changed} wide />}
        </AsyncContent>
      </PegaseCard>
      <GeneratedApplicationCard target={target} />
      <AsyncContent state={history} retry={history.retry}>
        {value => <HistoryCard history={value} onChanged={changed} />}
      </AsyncContent>
      <ResourcesCard appName={target.appName} entityRef={target.entityRef} />
    </Flex>
  );
}
