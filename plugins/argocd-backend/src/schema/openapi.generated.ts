// The routes of /api/pegase-argocd: openapi.yaml as a typed constant (the router
// validates requests against it; openapi.test.ts keeps the two equal).
// Edit openapi.yaml, then regenerate this file from it (docs/development.md).

/** @internal */
export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'pegase-argocd',
    version: '1',
    description:
      "The ArgoCD views of Pégase Portal (plugins/argocd-backend), mounted at /api/pegase-argocd. Every entity route names a catalog entity; the Application and its ArgoCD come from that entity's annotations (argocd/app-name and the pegase argocd-instance annotation), never from the request, and the argocd.application.* permission of the route is checked against that entity.",
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
    '/fleet/status': {
      get: {
        operationId: 'getFleetStatus',
        description:
          "Every catalog instance's sync, health and live version from the cached Application lists (one per ArgoCD), for the fleet views (fleet-backend calls it with service credentials). Needs argocd.application.read.",
        responses: {
          '200': {
            description:
              'The statuses, and the ArgoCD names that could not be read.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items', 'failed'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Object',
                      },
                    },
                    failed: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                  },
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
    '/fleet/addons/status': {
      get: {
        operationId: 'getAddonFleetStatus',
        description:
          "Every cluster add-on Application the catalog's add-ons name (their addon-applications annotation): sync, health and the chart version that runs, from one list of every project per ArgoCD, for the fleet's Clusters view (fleet-backend calls it with service credentials). Needs argocd.application.read (a conditional decision keeps the add-ons it allows).",
        responses: {
          '200': {
            description:
              'The add-on statuses (addonRef, cluster, application, argocdInstance, sync, health, liveVersion, uiUrl, failedOperation), and the ArgoCD names that could not be read.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items', 'failed'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Object',
                      },
                    },
                    failed: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                  },
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
    '/entity/{namespace}/{kind}/{name}/overview': {
      get: {
        operationId: 'getInstanceOverview',
        description:
          "Sync, health, sources and last operation of an instance's Application (argocd.application.read).",
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
            description: 'ApplicationOverview of @pcscol/plugin-argocd-common.',
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
          '502': {
            $ref: '#/components/responses/Error',
          },
          '504': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entity/{namespace}/{kind}/{name}/history': {
      get: {
        operationId: 'getInstanceHistory',
        description:
          "Deployment history of an instance's Application, newest first (argocd.application.read).",
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
            description: 'ApplicationHistory of @pcscol/plugin-argocd-common.',
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
          '502': {
            $ref: '#/components/responses/Error',
          },
          '504': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entity/{namespace}/{kind}/{name}/resources': {
      get: {
        operationId: 'getInstanceResources',
        description:
          "The resource tree of an instance's Application grouped by the sub-charts the instance runs (argocd.application.read).",
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
            description:
              'ApplicationResources of @pcscol/plugin-argocd-common.',
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
          '502': {
            $ref: '#/components/responses/Error',
          },
          '504': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entity/{namespace}/{kind}/{name}/fleet': {
      get: {
        operationId: 'getComponentFleet',
        description:
          'A component across every instance that runs it, problems first, with counts and filter values (argocd.application.read on the component; rows of instances the caller may not read are left out).',
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
            $ref: '#/components/parameters/region',
          },
          {
            $ref: '#/components/parameters/usage',
          },
          {
            $ref: '#/components/parameters/cluster',
          },
          {
            name: 'problems',
            in: 'query',
            description: 'true keeps only the rows with a problem.',
            schema: {
              type: 'string',
              enum: ['true', 'false'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'FleetResponse of @pcscol/plugin-argocd-common.',
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
    '/entity/{namespace}/{kind}/{name}/generated': {
      get: {
        operationId: 'getInstanceGenerated',
        description:
          "The Application an instance's ApplicationSet generates (rendered from the GitOps repository by pegase-node) beside the live one, and their differences in what the ApplicationSet controller owns (argocd.application.read on the instance).",
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
            description:
              '{ state (same, different, live-missing, not-generated), applicationSet, sourceFile, generated, live, differences[] (path, area, change, generated, live), readAt }.',
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
          '502': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
          '504': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entity/{namespace}/{kind}/{name}/app-of-apps': {
      get: {
        operationId: 'getAppOfApps',
        description:
          'For an app-of-apps entity, its children (the ApplicationSets and Applications its source path holds in the GitOps repository) with their live sync and health; for an instance, its ApplicationSet, how many Applications it generates and the app-of-apps that holds it (argocd.application.read on the entity).',
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
            description:
              '{ appOfApps: { name, file, path, live, children[] }, applicationSet, readAt }.',
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
          '502': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
          '504': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entity/{namespace}/{kind}/{name}/sync': {
      post: {
        operationId: 'syncInstance',
        description:
          "Starts a sync of an instance's Application (argocd.application.sync), audited.",
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
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  revision: {
                    type: 'string',
                    maxLength: 200,
                  },
                  prune: {
                    type: 'boolean',
                  },
                  dryRun: {
                    type: 'boolean',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/ActionResult',
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
          '502': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entity/{namespace}/{kind}/{name}/refresh': {
      post: {
        operationId: 'refreshInstance',
        description:
          "Asks ArgoCD to re-compare an instance's Application with Git (argocd.application.refresh), audited.",
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
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  hard: {
                    type: 'boolean',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/ActionResult',
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
          '502': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/entity/{namespace}/{kind}/{name}/rollback': {
      post: {
        operationId: 'rollbackInstance',
        description:
          "Rolls an instance's Application back to a history entry (argocd.application.rollback), audited.",
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
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['id'],
                properties: {
                  id: {
                    type: 'integer',
                    minimum: 0,
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/ActionResult',
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
          '502': {
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
      region: {
        name: 'region',
        in: 'query',
        description:
          'Keep the instances of these regions (repeat the parameter for several).',
        schema: {
          type: 'array',
          items: {
            type: 'string',
            maxLength: 253,
          },
        },
      },
      usage: {
        name: 'usage',
        in: 'query',
        description: 'Keep the instances of these usages.',
        schema: {
          type: 'array',
          items: {
            type: 'string',
            maxLength: 253,
          },
        },
      },
      cluster: {
        name: 'cluster',
        in: 'query',
        description: 'Keep the instances of these clusters.',
        schema: {
          type: 'array',
          items: {
            type: 'string',
            maxLength: 253,
          },
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
      ActionResult: {
        description:
          "ActionResult of @pcscol/plugin-argocd-common (the Application's overview after the action).",
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['ok', 'action', 'overview'],
              properties: {
                ok: {
                  type: 'boolean',
                },
                action: {
                  type: 'string',
                  enum: ['sync', 'refresh', 'rollback'],
                },
                overview: {
                  $ref: '#/components/schemas/Object',
                },
              },
            },
          },
        },
      },
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
