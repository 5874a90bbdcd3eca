import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * Every text of the architecture view (English); French in `fr.ts`.
 * @public
 */
export const architectureTranslationRef = createTranslationRef({
  id: 'architecture',
  translations: {
    fr: () => import('./fr'),
  },
  messages: {
    page: { title: 'Architecture' },
    toolbar: {
      groupBy: 'Group by',
      byTeam: 'Owning team',
      byType: 'Type',
      search: 'Find a node',
      depth: 'Focus depth',
      edges: 'Relations',
      clearFocus: 'Clear focus',
      hideOthers: 'Hide the rest',
    },
    edges: {
      providesApi: 'provides',
      consumesApi: 'consumes',
      dependsOn: 'depends on',
    },
    summary: '{{nodes}} nodes, {{edges}} relations',
    details: {
      choose: 'Choose a node to see its details and its neighbourhood.',
      kind: 'Kind',
      type: 'Type',
      owner: 'Owner',
      instances: 'Runs in',
      instancesCount_one: '{{count}} instance',
      instancesCount_other: '{{count}} instances',
      versions: 'Versions',
      openEntity: 'Open in the catalog',
      openFleet: 'Where it runs',
      focus: 'Focus here',
      impact: 'Impact of a change',
    },
    card: {
      title: 'Relations',
      runsIn_one: 'Runs in {{count}} instance',
      runsIn_other: 'Runs in {{count}} instances',
      openArchitecture: 'Open in the architecture',
      cluster: 'Cluster',
      components: 'Components by type',
      notInGraph: 'This entity is not in the architecture of the System.',
    },
    impact: {
      title: 'Impact of a change of {{name}}',
      none: 'No component consumes it.',
      component: 'Component',
      owner: 'Owner',
      depth: 'Distance',
      direct: 'direct',
      through_one: 'through {{count}} API',
      through_other: 'through {{count}} APIs',
      instances: 'Instances',
      summary:
        '{{components}} components of {{teams}} teams, {{runs}} instance runs',
      exportCsv: 'Export CSV',
    },
  },
});
