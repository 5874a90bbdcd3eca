import { useMemo, useState } from 'react';
import {
  Button,
  Checkbox,
  Container,
  Flex,
  SearchField,
  Select,
  Switch,
  Text,
} from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  ARCHITECTURE_EDGE_TYPES,
  impactOf,
  neighbourhood,
  type ArchitectureGraph,
} from '@pcscol/plugin-architecture-common';
import { AsyncContent, useEntityLink } from '@pcscol/plugin-pegase-react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { architectureApiRef } from '../../api/ArchitectureApi';
import { architectureTranslationRef } from '../../translations';
import { layoutGraph } from '../../lib/layout';
import {
  viewFromParams,
  viewToParams,
  type ArchitectureViewState,
} from '../../lib/viewState';
import { GraphView } from '../GraphView';
import { NodeDetails } from '../NodeDetails';
import { ImpactPanel } from '../ImpactPanel';

/** The graph, the toolbar and the panels, once the graph is loaded. */
function ArchitectureView(props: { graph: ArchitectureGraph }) {
  const { graph } = props;
  const { t } = useTranslationRef(architectureTranslationRef);
  const [params, setParams] = useSearchParams();
  const view = viewFromParams(params);
  const [query, setQuery] = useState('');
  const entityLink = useEntityLink();
  const set = (changes: Partial<ArchitectureViewState>) =>
    setParams(viewToParams({ ...view, ...changes }), { replace: true });

  // viewFromParams gives a new array on every render: memoise on its content,
  // or every URL change (a focus) would filter and lay the graph out again.
  const edgeTypes = view.edges.join(',');
  const edgeFiltered = useMemo(
    () => ({
      ...graph,
      edges: graph.edges.filter(e => edgeTypes.split(',').includes(e.type)),
    }),
    [graph, edgeTypes],
  );
  const focusSet = useMemo(
    () =>
      view.focus && graph.nodes.some(n => n.id === view.focus)
        ? neighbourhood(edgeFiltered, view.focus, view.depth)
        : undefined,
    [edgeFiltered, graph.nodes, view.focus, view.depth],
  );
  // Dimming keeps the layout (switching focus only repaints); hiding lays out
  // the subset, so only then does the focus take part in the layout.
  const laidOutSubset = view.hide ? focusSet : undefined;
  const layout = useMemo(
    () =>
      layoutGraph(edgeFiltered, {
        groupBy: view.groupBy,
        only: laidOutSubset,
      }),
    [edgeFiltered, view.groupBy, laidOutSubset],
  );
  const matches = useMemo(() => {
    const q = query.trim().toLocaleLowerCase('fr');
    return q
      ? new Set(graph.nodes.filter(n => n.name.includes(q)).map(n => n.id))
      : undefined;
  }, [graph.nodes, query]);
  const selected = graph.nodes.find(n => n.id === view.focus);
  const impact = useMemo(
    () => (selected && view.impact ? impactOf(graph, selected.id) : undefined),
    [graph, selected, view.impact],
  );

  return (
    <Flex direction="column" gap="3">
      <Flex gap="3" align="end" style={{ flexWrap: 'wrap' }}>
        <Select
          label={t('toolbar.groupBy')}
          size="small"
          options={[
            { id: 'team', label: t('toolbar.byTeam') },
            { id: 'type', label: t('toolbar.byType') },
          ]}
          selectedKey={view.groupBy}
          onSelectionChange={k =>
            set({ groupBy: k === 'type' ? 'type' : 'team' })
          }
        />
        <SearchField
          label={t('toolbar.search')}
          size="small"
          value={query}
          onChange={setQuery}
          onSubmit={() => {
            const first = matches && [...matches][0];
            if (first) set({ focus: first });
          }}
        />
        <Select
          label={t('toolbar.depth')}
          size="small"
          options={[1, 2, 3, 4, 5].map(d => ({
            id: String(d),
            label: String(d),
          }))}
          selectedKey={String(view.depth)}
          onSelectionChange={k => set({ depth: Number(k) || 1 })}
        />
        <Flex direction="column" gap="1">
          <Text variant="body-small">{t('toolbar.edges')}</Text>
          <Flex gap="2">
            {ARCHITECTURE_EDGE_TYPES.map(type => (
              <Checkbox
                key={type}
                isSelected={view.edges.includes(type)}
                onChange={on =>
                  set({
                    edges: on
                      ? [...view.edges, type]
                      : view.edges.filter(e => e !== type),
                  })
                }
              >
                {t(`edges.${type}`)}
              </Checkbox>
            ))}
          </Flex>
        </Flex>
        <Switch
          label={t('toolbar.hideOthers')}
          isSelected={view.hide}
          onChange={hide => set({ hide })}
        />
        {view.focus ? (
          <Button
            size="small"
            variant="secondary"
            onPress={() => set({ focus: undefined, impact: false })}
          >
            {t('toolbar.clearFocus')}
          </Button>
        ) : null}
      </Flex>
      <Text
        variant="body-small"
        color="secondary"
        data-testid="architecture-summary"
      >
        {t('summary', {
          nodes: String(layout.nodes.length),
          edges: String(layout.edges.length),
        })}
      </Text>
      <Flex gap="3" align="start">
        <div
          style={{
            flex: 1,
            overflow: 'auto',
            maxHeight: '75vh',
            border: '1px solid var(--bui-border, #ddd)',
          }}
        >
          <GraphView
            layout={layout}
            highlighted={view.hide ? undefined : focusSet}
            matches={matches}
            selected={view.focus}
            onSelect={id => set({ focus: id, impact: false })}
            label={t('page.title')}
          />
        </div>
        <div style={{ width: 360, flexShrink: 0 }}>
          <Flex direction="column" gap="3">
            {selected ? (
              <NodeDetails
                node={selected}
                entityHref={entityLink(selected.id)}
                fleetHref={
                  selected.kind !== 'api'
                    ? `/fleet?tab=sub-chart&component=${encodeURIComponent(
                        selected.name,
                      )}`
                    : undefined
                }
                onFocus={() => set({ focus: selected.id })}
                onImpact={
                  selected.kind === 'component'
                    ? undefined
                    : () => set({ impact: true })
                }
              />
            ) : (
              <Text color="secondary">{t('details.choose')}</Text>
            )}
          </Flex>
        </div>
      </Flex>
      {/* full width: its table names components, teams and instance counts */}
      {selected && impact ? (
        <ImpactPanel
          name={selected.name}
          impact={impact}
          entityHref={entityLink}
        />
      ) : null}
    </Flex>
  );
}

/**
 * The Architecture page (`/architecture`): the System's components, APIs,
 * databases and topics with their relations, grouped by team or type; focus,
 * edge filters and search; the impact of changing an API or a resource.
 * Everything it shows is in its URL.
 */
export function ArchitecturePage() {
  const api = useApi(architectureApiRef);
  const state = useAsyncRetry(() => api.getGraph(), [api]);
  return (
    <Container>
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={g => g.nodes.length === 0}
      >
        {graph => <ArchitectureView graph={graph} />}
      </AsyncContent>
    </Container>
  );
}
