// The routes of /api/pegase-vault: openapi.yaml as a typed constant (the router
// validates requests against it; openapi.test.ts keeps the two equal).
// Edit openapi.yaml, then regenerate this file from it (docs/development.md).

/** @internal */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'pegase-vault',
    version: '1',
    description:
      'The Pégase Vault views (plugins/vault-backend), mounted at /api/pegase-vault. Metadata only: no answer holds a secret value. The response shapes are the types of @pcscol/plugin-vault-common.',
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
        description: 'Unauthenticated.',
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
    '/entity/{namespace}/{kind}/{name}/instance': {
      get: {
        operationId: 'getInstanceView',
        description:
          'The Vault view of an instance (secrets engines, database engine, Kubernetes auth role, policies, findings). Needs vault.instance.read.',
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
            description: 'The view (VaultInstanceView).',
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
    '/entity/{namespace}/{kind}/{name}/instance/kv': {
      get: {
        operationId: 'getInstanceKvView',
        description:
          'The KV v2 tree of an instance: key names and metadata, never a value. Needs vault.instance.read.',
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
            description: 'The tree (VaultKvView).',
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
    '/entity/{namespace}/{kind}/{name}/component': {
      get: {
        operationId: 'getComponentView',
        description:
          'The Vault wiring of a component in each instance that runs it, one page of instances at a time. Needs vault.component.read.',
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
            name: 'offset',
            in: 'query',
            required: false,
            description: 'First instance of the page (default 0).',
            schema: {
              type: 'integer',
              minimum: 0,
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            description:
              'Instances per page (default pegase.vault.componentPageSize).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The view (VaultComponentView).',
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
          $ref: '#/components/schemas/Segment',
        },
      },
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          $ref: '#/components/schemas/Segment',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          $ref: '#/components/schemas/Segment',
        },
      },
    },
    schemas: {
      Segment: {
        type: 'string',
        pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$',
      },
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
