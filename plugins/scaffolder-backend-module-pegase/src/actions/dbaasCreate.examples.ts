import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `pegase:dbaas:create`. */
export const examples: TemplateExample[] = [
  {
    description:
      'A PostgreSQL 17 cluster of two instances for a Pégase instance: its namespace and cluster come from the inventory, and its connection is added to the instance values',
    example: yaml.stringify({
      steps: [
        {
          id: 'dbaas',
          action: 'pegase:dbaas:create',
          name: 'New PostgreSQL cluster',
          input: {
            name: 'pegase-uca-stats',
            requestedFor: 'resource:default/uca-recette',
            usage: 'construction',
            numberOfInstances: 2,
            volumeSize: '20Gi',
            version: '17',
            users: [
              { name: 'stats_owner', flags: ['createdb'] },
              { name: 'stats_app' },
            ],
            databases: [{ name: 'stats', owner: 'stats_owner' }],
          },
        },
      ],
    }),
  },
];
