// The routes of /api/architecture: openapi.yaml as a typed constant (the router
// validates requests against it; openapi.test.ts keeps the two equal).
// Edit openapi.yaml, then regenerate this file from it (docs/development.md).

/** @internal */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'architecture',
    version: '1',
    description:
      'The Pégase architecture view (plugins/architecture-backend), mounted at /api/architecture.',
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'health',
        responses: {
          '200': {
            description: 'The plugin answers.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/graph': {
      get: {
        operationId: 'getGraph',
        description:
          "The System's components, APIs and resources with their relations, instances counted on the nodes; only what the catalog lets the user read. Needs architecture.graph.read.",
        responses: {
          '200': {
            description:
              'The graph (ArchitectureGraph of @pcscol/plugin-architecture-common).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Object',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/impact': {
      get: {
        operationId: 'getImpact',
        description:
          'Every component a change of an API or resource reaches, directly and transitively, their teams and instances. Needs architecture.graph.read.',
        parameters: [
          {
            name: 'target',
            in: 'query',
            required: true,
            description:
              'Entity ref of an API or resource of the graph, e.g. api:default/ins-api.',
            schema: {
              type: 'string',
              pattern:
                '^[a-z]+:[a-z0-9][a-z0-9._-]{0,62}/[a-z0-9][a-z0-9._-]{0,62}$',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The impact (ArchitectureImpact).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Object',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Object: {
        type: 'object',
        additionalProperties: true,
      },
    },
    responses: {
      Error: {
        description: 'A Backstage error body.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Object',
            },
          },
        },
      },
    },
  },
} as const;
