import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * Every text of the fleet views (English); French in `fr.ts`.
 * @public
 */
export const fleetTranslationRef = createTranslationRef({
  id: 'fleet',
  translations: {
    fr: () => import('./fr'),
  },
  messages: {
    page: {
      title: 'Fleet',
      subtitle: 'Where every version of Pégase runs',
    },
    tabs: {
      instances: 'Instances',
      matrix: 'Version matrix',
      subChart: 'Component',
      diff: 'Release diff',
    },
    filters: {
      search: 'Search',
      region: 'Region',
      usage: 'Usage',
      cluster: 'Cluster',
      version: 'Version',
      problem: 'Problem',
      any: 'Any',
      clear: 'Clear filters',
      exportCsv: 'Export CSV',
      shown_one: '{{count}} instance of {{total}}',
      shown_other: '{{count}} instances of {{total}}',
    },
    columns: {
      name: 'Instance',
      university: 'University',
      region: 'Region',
      usage: 'Usage',
      cluster: 'Cluster',
      owner: 'Owner',
      declared: 'Declared',
      live: 'Live',
      behind: 'Behind',
      argocd: 'ArgoCD',
      ttl: 'TTL',
    },
    behind: {
      upToDate: 'newest',
      majors_one: '{{count}} major',
      majors_other: '{{count}} majors',
      minors_one: '{{count}} minor',
      minors_other: '{{count}} minors',
      patches_one: '{{count}} patch',
      patches_other: '{{count}} patches',
    },
    ttl: {
      none: '—',
      ok: 'until {{date}}',
      expiring: 'expires {{date}}',
      expired: 'expired {{date}}',
      invalid: 'invalid: {{date}}',
    },
    problems: {
      degraded: 'Degraded',
      'out-of-sync': 'Out of sync',
      'operation-failed': 'Last sync failed',
      'version-drift': 'Live version differs',
      'ttl-expired': 'TTL expired',
      'ttl-expiring': 'TTL within 7 days',
    },
    argocd: {
      unavailable: 'ArgoCD statuses are not available: {{message}}',
      none: 'no Application',
    },
    matrix: {
      rows: 'Umbrella version',
      by: 'Columns',
      byRegionUsage: 'Region / usage',
      byCluster: 'Cluster',
      total: 'Total',
      latest: 'newest release',
      cellTitle: '{{count}} instances at {{version}} in {{column}}: show them',
    },
    subChart: {
      choose: 'Component',
      placeholder: 'Choose a component',
      version: 'Version of the component',
      instances: 'Instances',
      disabled: 'Disabled in',
      none: 'No instance disables it.',
    },
    diff: {
      from: 'From',
      to: 'To',
      added: 'Added',
      removed: 'Removed',
      changed: 'Moved',
      unchanged: '{{count}} sub-charts unchanged',
      nothing: 'The two versions have the same sub-charts.',
      choose: 'Choose two versions.',
    },
    home: {
      problemsTitle: 'Problems',
      noProblems: 'No instance is degraded, out of sync, drifting or expiring.',
      distributionTitle: 'Fleet versions',
      distributionSubtitle: '{{count}} instances; newest release {{latest}}',
      teamsTitle: "Your teams' components",
      noTeams: 'You belong to no team that owns components.',
      openFleet: 'Open the fleet',
      removeExpired:
        'Their TTL has passed: "remove" opens the change request that deletes the instance.',
      remove: 'remove',
      removeInstance: 'Remove {{name}}',
    },
  },
});
