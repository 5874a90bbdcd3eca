import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `pegase:kaas:create`. */
export const examples: TemplateExample[] = [
  {
    description:
      'A three-node KRaft Kafka cluster with one topic and one user, for a component outside the inventory (so the namespace is given)',
    example: yaml.stringify({
      steps: [
        {
          id: 'kaas',
          action: 'pegase:kaas:create',
          name: 'New Kafka cluster',
          input: {
            name: 'univ-x-events',
            requestedFor: 'component:default/gfi',
            usage: 'construction',
            namespace: 'univ-x-construction',
            replicas: 3,
            volumeSize: '20Gi',
            topics: [
              { name: 'ins-events', partitions: 3, retentionHours: 168 },
            ],
            users: [
              { name: 'ins-app', topics: ['ins-events'], access: 'readwrite' },
            ],
          },
        },
      ],
    }),
  },
];
