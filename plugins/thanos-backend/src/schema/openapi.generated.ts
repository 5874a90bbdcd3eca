// The routes of /api/pegase-thanos: openapi.yaml as a typed constant (the router
// validates requests against it; openapi.test.ts keeps the two equal).
// Edit openapi.yaml, then regenerate this file from it (docs/development.md).

/** @internal */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'pegase-thanos',
    version: '1',
    description:
      'The Thanos views of Pégase Portal (plugins/thanos-backend), mounted at /api/pegase-thanos. Every entity route needs thanos.metrics.read.',
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
    '/entity/{namespace}/{kind}/{name}/info': {
      get: {
        operationId: 'getEntityMetricsInfo',
        description:
          'What the metrics views of a component or an instance can show (graphs, instances, queriers, links).',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/querier',
          },
        ],
        responses: {
          '200': {
            description: 'EntityMetricsInfo of @pcscol/plugin-thanos-common.',
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
    '/entity/{namespace}/{kind}/{name}/graphs/{graphId}': {
      get: {
        operationId: 'getEntityGraph',
        description:
          'The series of one graph over a range, across the top instances (component) or in one instance.',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'graphId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'range',
            in: 'query',
            description:
              '1h, 6h, 24h (default), 7d, 30d or a duration between 5m and 31d.',
            schema: {
              type: 'string',
              maxLength: 253,
            },
          },
          {
            name: 'instance',
            in: 'query',
            description: 'Entity name of one instance of the component.',
            schema: {
              type: 'string',
              maxLength: 253,
            },
          },
          {
            $ref: '#/components/parameters/querier',
          },
        ],
        responses: {
          '200': {
            description:
              'GraphResult of @pcscol/plugin-thanos-common (a querier failure is its error field).',
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
    '/entity/{namespace}/{kind}/{name}/alerts': {
      get: {
        operationId: 'getEntityAlerts',
        description:
          'Firing and pending alerts of the entity, from every querier.',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'EntityAlertsResult of @pcscol/plugin-thanos-common.',
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
    parameters: {
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      querier: {
        name: 'querier',
        in: 'query',
        description:
          "Name of a configured querier (default the entity's querier annotation, else the first).",
        schema: {
          type: 'string',
          maxLength: 253,
        },
      },
    },
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
