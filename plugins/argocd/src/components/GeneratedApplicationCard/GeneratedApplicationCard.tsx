import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Cell,
  Column,
  Flex,
  Grid,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import {
  useApi,
  useTranslationRef,
  type TranslationFunction,
} from '@backstage/frontend-plugin-api';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import type {
  GeneratedComparison,
  GeneratedDifference,
  ManagedApplication,
} from '@pcscol/plugin-argocd-common';
import { argocdApiRef, type ArgocdAppTarget } from '../../api/ArgocdApi';
import { argocdTranslationRef } from '../../translations';
import { formatDate } from '../common/status';

/** A value of a difference on one line: a string as it is, anything else as JSON. */
function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const MONO = {
  fontFamily: 'var(--bui-font-monospace, monospace)',
  fontSize: 'var(--bui-font-size-2)',
  overflowWrap: 'anywhere',
} as const;

function DifferenceRow({ d }: { d: GeneratedDifference }) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const absent = (
    <Text variant="body-small" color="secondary">
      {t('generated.absent')}
    </Text>
  );
  return (
    <Row id={d.path} textValue={d.path}>
      <Cell>
        <span style={MONO}>{d.path}</span>
      </Cell>
      <Cell>{t(`generated.areas.${d.area}` as const)}</Cell>
      <Cell>
        {d.change === 'live-only' ? (
          absent
        ) : (
          <span style={MONO}>{valueText(d.generated)}</span>
        )}
      </Cell>
      <Cell>
        {d.change === 'generated-only' ? (
          absent
        ) : (
          <span style={MONO}>{valueText(d.live)}</span>
        )}
      </Cell>
    </Row>
  );
}

/** One side as the controller sees it: labels, annotations, spec. */
function Side(props: { title: string; app?: ManagedApplication }) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const a = props.app;
  return (
    <Flex direction="column" gap="2" style={{ minWidth: 0 }}>
      <Text variant="body-medium" weight="bold">
        {props.title}
      </Text>
      {a ? (
        <pre
          style={{
            ...MONO,
            margin: 0,
            padding: 'var(--bui-space-3)',
            background: 'var(--bui-bg-neutral-2)',
            borderRadius: 'var(--bui-radius-2)',
            whiteSpace: 'pre-wrap',
            maxHeight: 480,
            overflow: 'auto',
          }}
        >
          {JSON.stringify(
            {
              metadata: {
                name: a.name,
                ...(a.namespace ? { namespace: a.namespace } : {}),
                labels: a.labels,
                annotations: a.annotations,
                ...(a.ownedBy ? { ownedBy: a.ownedBy } : {}),
              },
              spec: a.spec,
            },
            null,
            2,
          )}
        </pre>
      ) : (
        <Text variant="body-small" color="secondary">
          {t('generated.absent')}
        </Text>
      )}
    </Flex>
  );
}

function verdict(
  c: GeneratedComparison,
  t: TranslationFunction<typeof argocdTranslationRef.T>,
): string {
  switch (c.state) {
    case 'same':
      return t('generated.same');
    case 'different':
      return t('generated.different', { count: c.differences.length });
    case 'live-missing':
      return t('generated.liveMissing', {
        app: c.appName,
        argocd: c.argocdInstance,
      });
    default:
      return t('generated.notGenerated');
  }
}

/** The comparison: the verdict, the differences, both sides. */
export function GeneratedComparisonBody(props: {
  comparison: GeneratedComparison;
}) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const c = props.comparison;
  return (
    <Flex direction="column" gap="4">
      <Text as="p" variant="body-medium">
        {verdict(c, t)}
      </Text>
      {c.differences.length > 0 && (
        <div style={{ overflowX: 'auto' }}>
          <TableRoot aria-label={t('generated.differencesLabel')}>
            <TableHeader>
              <Column isRowHeader>{t('generated.field')}</Column>
              <Column>{t('generated.area')}</Column>
              <Column>{t('generated.generatedValue')}</Column>
              <Column>{t('generated.liveValue')}</Column>
            </TableHeader>
            <TableBody>
              {c.differences.map(d => (
                <DifferenceRow key={d.path} d={d} />
              ))}
            </TableBody>
          </TableRoot>
        </div>
      )}
      {(c.generated || c.live) && (
        <Grid.Root columns={{ initial: '1', md: '2' }} gap="3">
          <Side title={t('generated.generatedSide')} app={c.generated} />
          <Side title={t('generated.liveSide')} app={c.live} />
        </Grid.Root>
      )}
      <Text variant="body-small" color="secondary">
        {t('generated.readAt', {
          date: formatDate(c.readAt, t('common.none')),
        })}
      </Text>
    </Flex>
  );
}

/** The ArgoCD tab's card: the Application the instance's ApplicationSet generates beside the live one. */
export function GeneratedApplicationCard(props: { target: ArgocdAppTarget }) {
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const state = useAsyncRetry(
    () => api.getGenerated(props.target),
    [api, props.target.entityRef],
  );
  const c = state.value;
  let subtitle: string | undefined;
  if (c?.applicationSet)
    subtitle = c.sourceFile
      ? t('generated.subheader', {
          appSet: c.applicationSet,
          file: c.sourceFile,
        })
      : t('generated.subheaderNoFile', { appSet: c.applicationSet });
  return (
    <PegaseCard
      title={t('generated.title')}
      subtitle={subtitle}
      data-testid="argocd-generated"
    >
      <AsyncContent state={state} retry={state.retry}>
        {value => <GeneratedComparisonBody comparison={value} />}
      </AsyncContent>
    </PegaseCard>
  );
}
