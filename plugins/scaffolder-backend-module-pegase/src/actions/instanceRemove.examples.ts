import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `pegase:instance:remove`, run by instanceRemove.examples.test.ts. */
export const examples: TemplateExample[] = [
  {
    description:
      'Remove an instance that is no longer used: its instances/ folder and vault/<instance>/ go in one change request',
    example: yaml.stringify({
      steps: [
        {
          id: 'remove',
          action: 'pegase:instance:remove',
          name: 'Remove the instance',
          input: {
            instance: 'resource:default/uca-recette',
            reason: 'the acceptance tests moved to uca-preprod',
          },
        },
      ],
    }),
  },
];
