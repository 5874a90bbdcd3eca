import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `pegase:fleet:upgrade`, run by fleetUpgrade.examples.test.ts. */
export const examples: TemplateExample[] = [
  {
    description:
      'Move the sandboxes, then the construction instances, to the current chart: one change request per wave',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'pegase:fleet:upgrade',
          name: 'Upgrade Pégase instances',
          input: {
            to: 'current',
            usage: ['sandbox', 'construction'],
            waves: ['sandbox', 'construction'],
          },
        },
      ],
    }),
  },
];
