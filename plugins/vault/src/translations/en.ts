import { createTranslationRef } from '@backstage/frontend-plugin-api';

/** English messages of the Vault views. @public */
export const vaultMessages = {
  card: {
    title: 'Vault',
    subheader: 'Cluster {{cluster}} · path {{path}}',
    subheaderNode: 'Cluster {{cluster}} · node {{node}} · path {{path}}',
    nodes: 'Nodes: {{nodes}}',
    openInVault: 'Open in Vault',
    noValues: 'Metadata only: the portal never shows a secret value.',
  },
  tab: { title: 'Vault' },
  component: {
    title: 'Vault roles and policies',
    subheader: 'serviceAccount {{serviceAccount}} · {{count}} instances',
    empty: 'No instance runs this component.',
    sharedWith: 'This serviceAccount is also used by {{entities}}.',
    page: 'Instances {{from}}–{{to}} of {{total}}',
    previous: 'Previous',
    next: 'Next',
    notBound: 'not bound',
    bound: 'bound',
    boundBySelector: 'bound by namespace selector',
    boundBySelectorHint:
      'The role admits namespaces by the label selector {{selector}}; the portal does not know the labels of namespace {{namespace}}.',
  },
  sections: {
    engines: 'Secrets engines',
    connections: 'Database connections',
    roles: 'Database roles',
    staticRoles: 'Static roles',
    dynamicRoles: 'Dynamic roles',
    authRole: 'Kubernetes auth role',
    policies: 'Policies',
    kv: 'KV keys (names and versions only)',
    findings: 'Findings',
  },
  columns: {
    name: 'Name',
    type: 'Type',
    path: 'Path',
    version: 'Version',
    plugin: 'Plugin',
    url: 'Connection URL',
    username: 'Username',
    allowedRoles: 'Allowed roles',
    rotation: 'Rotation period',
    lastRotation: 'Last rotation',
    ttl: 'Default TTL',
    maxTtl: 'Max TTL',
    instance: 'Instance',
    cluster: 'Cluster',
    serviceAccounts: 'Bound serviceAccounts',
    namespaces: 'Bound namespaces',
    capabilities: 'Capabilities',
    key: 'Key',
    currentVersion: 'Current version',
    updated: 'Updated',
    databaseRoles: 'Database roles',
    grantedBy: 'Granted by',
  },
  values: {
    static: 'static',
    dynamic: 'dynamic',
    none: 'none',
    overdue: 'overdue',
    noMaxTtl: 'no max TTL',
    mountDefault: 'mount default',
    noRole: 'No role {{name}} on {{mount}}.',
    schedule: '{{schedule}} (UTC), next {{next}}',
    scheduleWindow: '{{schedule}} (UTC, window {{window}}), next {{next}}',
    policyUnreadable: 'Policy {{name}} could not be read: {{error}}',
    kvTruncated:
      'Folder {{folder}}: the listing stopped at its bounds, some keys are not shown.',
  },
  states: {
    loading: 'Loading Vault metadata…',
    empty: 'Nothing in Vault for this entity.',
    noFindings: 'No findings.',
    partError: '{{part}}: {{message}}',
    error: 'Could not load the Vault view: {{message}}',
  },
  findings: {
    policyTooBroad: 'Policy {{policy}} grants {{capability}} on "{{path}}".',
    rotationOverdue:
      'Static role {{role}} has not rotated since {{lastRotation}} (more than twice its period).',
    rotationOverdueSchedule:
      'Static role {{role}} has not rotated since {{lastRotation}}: it missed a rotation of its schedule {{schedule}}.',
    sharedServiceAccount:
      'serviceAccount {{serviceAccount}} is shared by {{entities}}.',
    dynamicRoleNoMaxTtl: 'Dynamic role {{role}} has no max TTL.',
    missingRole: 'Expected role {{role}} is missing.',
  },
} as const;

/** Every user-visible text of the Vault views (English; French in `translations/fr.ts`). @public */
export const vaultTranslationRef = createTranslationRef({
  id: 'plugin.pegase-vault',
  messages: vaultMessages,
  translations: {
    fr: () => import('./fr'),
  },
});
