// The routes of /api/fleet: openapi.yaml as a typed constant (the router
// validates requests against it; openapi.test.ts keeps the two equal).
// Edit openapi.yaml, then regenerate this file from it (docs/development.md).

/** @internal */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'fleet',
    version: '1',
    description:
      'The Pégase fleet views (plugins/fleet-backend), mounted at /api/fleet.',
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
    '/instances': {
      get: {
        operationId: 'getFleet',
        description:
          'Every instance with its versions, ArgoCD status, TTL and problems; the version distribution. Needs pegase.fleet.read.',
        responses: {
          '200': {
            description:
              'The fleet (FleetResponse of @pcscol/plugin-pegase-common).',
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
    '/sub-charts/{name}': {
      get: {
        operationId: 'getFleetSubChart',
        description:
          'Which versions of one component run where, and which instances disable it. Needs pegase.fleet.read.',
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              pattern: '^[a-z0-9][a-z0-9._-]{0,62}$',
            },
          },
        ],
        responses: {
          '200': {
            description:
              'The component across the fleet (FleetSubChartResponse).',
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
    '/releases/diff': {
      get: {
        operationId: 'getFleetReleaseDiff',
        description:
          'Sub-charts added, removed and moved between two umbrella versions. Needs pegase.fleet.read.',
        parameters: [
          {
            name: 'from',
            in: 'query',
            required: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
            },
          },
          {
            name: 'to',
            in: 'query',
            required: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The diff (FleetReleaseDiffResponse).',
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
