import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `pegase:addon:upgrade`, run by addonUpgrade.examples.test.ts. */
export const examples: TemplateExample[] = [
  {
    description:
      'Move cert-manager to v1.20.0 on the sandbox clusters, then construction, then production: one change request per wave',
    example: yaml.stringify({
      steps: [
        {
          id: 'addon',
          action: 'pegase:addon:upgrade',
          name: 'Move a cluster add-on',
          input: {
            addon: 'cert-manager',
            to: 'v1.20.0',
            waves: ['sandbox', 'construction', 'production'],
          },
        },
      ],
    }),
  },
  {
    description:
      'Move the Strimzi operator of one data cluster (an add-on entity ref and a cluster entity ref)',
    example: yaml.stringify({
      steps: [
        {
          id: 'addon',
          action: 'pegase:addon:upgrade',
          name: 'Move a cluster add-on',
          input: {
            addon: 'resource:default/addon-strimzi-data',
            to: '0.49.0',
            clusters: ['resource:default/uca-prod-1'],
          },
        },
      ],
    }),
  },
];
