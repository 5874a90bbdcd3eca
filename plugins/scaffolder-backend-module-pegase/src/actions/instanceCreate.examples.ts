import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `pegase:instance:create`. */
export const examples: TemplateExample[] = [
  {
    description: 'A construction instance of univ-x on a construction cluster',
    example: yaml.stringify({
      steps: [
        {
          id: 'instance',
          action: 'pegase:instance:create',
          name: 'New Pégase instance',
          input: {
            university: 'univ-x',
            usage: 'construction',
            region: 'eu-sxb-1',
            cluster: 'resource:default/sxb-cons-1',
          },
        },
      ],
    }),
  },
  {
    description:
      'A disposable sandbox instance running only some sub-charts (ins and ref), with a TTL (at most 90 days ahead by default)',
    example: yaml.stringify({
      steps: [
        {
          id: 'instance',
          action: 'pegase:instance:create',
          name: 'New sandbox instance',
          input: {
            university: 'univ-y',
            usage: 'sandbox',
            name: 'univ-y-demo',
            region: 'eu-sxb-1',
            cluster: 'sxb-sandbox-1',
            ttl: '2027-01-31',
            components: ['ins', 'ref'],
            owner: 'group:default/equipe-toulouse',
            values: { global: { locale: 'fr' } },
          },
        },
      ],
    }),
  },
];
