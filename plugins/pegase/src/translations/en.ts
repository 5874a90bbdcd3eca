import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * Every text of the Pégase cards (English). The French messages are in
 * `fr.ts`, built into the ref and also exported as the
 * {@link pegaseTranslations} resource.
 * @public
 */
export const pegaseTranslationRef = createTranslationRef({
  id: 'pegase',
  // Built in, so that the French texts need no wiring in the app.
  translations: {
    fr: () => import('./fr'),
  },
  messages: {
    common: {
      unknown: 'Unknown',
    },
    usage: {
      sandbox: 'Sandbox',
      construction: 'Construction',
      production: 'Production',
    },
    instanceCard: {
      title: 'Pégase instance',
      university: 'University',
      region: 'Region',
      usage: 'Usage',
      cluster: 'Cluster',
      namespace: 'Namespace',
      chartVersion: 'Umbrella version',
      ttl: 'TTL',
      ttlNone: 'None (permanent instance)',
      ttlLeft_one: '{{count}} day left (until {{date}})',
      ttlLeft_other: '{{count}} days left (until {{date}})',
      ttlToday: 'Expires today ({{date}})',
      ttlExpired_one: 'Expired {{count}} day ago ({{date}})',
      ttlExpired_other: 'Expired {{count}} days ago ({{date}})',
      ttlInvalid: 'Not an ISO-8601 date: {{value}}',
      subChartVersions: 'Sub-chart versions implied by {{version}}',
      subChartVersionsCount_one: '{{count}} sub-chart',
      subChartVersionsCount_other: '{{count}} sub-charts',
      subChartVersionsMissing:
        'The sub-chart versions of this umbrella version are not known yet (annotation {{annotation}} missing).',
      subChartVersionsInvalid:
        'The annotation {{annotation}} is not a JSON map of sub-chart versions.',
      subChartVersionsEmpty: 'This instance runs no sub-chart.',
      disabledComponents: 'Disabled sub-charts',
      columnSubChart: 'Sub-chart',
      columnVersion: 'Version',
    },
    subChartCard: {
      title: 'Pégase sub-chart',
      chart: 'Chart',
      chartVersion: 'Chart version',
      appVersion: 'App version',
      owner: 'Owner',
      instances: 'Instances running it',
      instancesCount_one: '{{count}} instance',
      instancesCount_other: '{{count}} instances',
      perUmbrellaVersion: 'Per umbrella version',
      columnUmbrellaVersion: 'Umbrella version',
      columnSubChartVersion: 'Sub-chart version',
      columnInstances: 'Instances',
      noInstances: 'No instance runs this sub-chart.',
      loadError: 'Could not count the instances that run this sub-chart.',
    },
    picker: {
      loading: 'Looking for what you may choose…',
      loadError: 'Could not list the choices: {{message}}',
      noneRemove: 'You may not remove any instance.',
      noneUpgrade: 'You may not upgrade any instance.',
      noneDbaas:
        'You may not request a PostgreSQL cluster for any instance or component.',
      noneKaas:
        'You may not request a Kafka cluster for any instance or component.',
      noneOwner: 'You may not create an instance for any group.',
      noneOther: 'Nothing here allows you {{permission}}.',
      count_one: '{{count}} choice you may make (of {{total}})',
      count_other: '{{count}} choices you may make (of {{total}})',
      denied:
        'You may not choose {{entity}}: it does not allow you {{permission}}.',
      noOption: 'No match among what you may choose',
    },
  },
});
