import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * Every text of the Thanos views (English). French: `translations/fr.ts`.
 * @public
 */
export const thanosTranslationRef = createTranslationRef({
  id: 'pegase-thanos',
  translations: {
    fr: () => import('./fr'),
  },
  messages: {
    tab: { title: 'Metrics' },
    notConfigured: {
      title: 'No metrics querier configured',
      body: 'No Thanos Querier is configured for the portal (pegase.thanos.queriers in app-config): metrics and alerts cannot be shown.',
    },
    range: {
      label: 'Time range',
      '1h': '1 hour',
      '6h': '6 hours',
      '24h': '24 hours',
      '7d': '7 days',
      '30d': '30 days',
    },
    scope: {
      label: 'Show',
      fleet: 'Top instances',
      instance: 'One instance',
      chooseInstance: 'Instance',
      fleetHelp:
        'The {{count}} instances with the highest (or lowest, for availability) value over the range, out of {{total}}.',
    },
    graph: {
      noData: 'No data for this range.',
      loading: 'Loading…',
      warnings: 'Partial answer',
      explore: 'Open in {{name}}',
      error: 'This graph could not be loaded: {{message}}',
    },
    graphs: {
      'http-request-rate': 'HTTP request rate',
      'http-5xx-ratio': 'HTTP 5xx ratio',
      'http-p95-latency': 'HTTP p95 latency',
      'jvm-heap': 'JVM heap used',
      cpu: 'CPU',
      memory: 'Memory working set',
      restarts: 'Container restarts',
      'available-replicas': 'Available replicas',
      'ready-replicas': 'Ready replicas',
      'pg-connections': 'PostgreSQL connections',
      'pg-database-size': 'PostgreSQL database size',
      'kafka-consumer-lag': 'Kafka consumer lag',
      'instance-cpu': 'CPU by workload',
      'instance-memory': 'Memory by workload',
      'instance-restarts': 'Restarts by workload',
      'instance-missing-replicas': 'Missing replicas by deployment',
      'instance-http-request-rate': 'HTTP request rate by workload',
      'instance-http-5xx-ratio': 'HTTP 5xx ratio by workload',
    },
    alerts: {
      title: 'Alerts',
      none: 'No firing or pending alert.',
      firing: 'Firing',
      pending: 'Pending',
      columns: {
        state: 'State',
        alert: 'Alert',
        instance: 'Instance',
        severity: 'Severity',
        since: 'Since',
        summary: 'Summary',
      },
      querierErrors: 'Some queriers did not answer',
    },
    links: { grafana: 'Grafana', thanos: 'Thanos UI' },
    health: { title: 'Health' },
    noInstance: 'No instance runs this component.',
  },
});
