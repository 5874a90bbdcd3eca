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
    '/clusters': {
      get: {
        operationId: 'getFleetClusters',
        description:
          "The clusters (region, usage, type, Kubernetes and Talos versions), the add-on x cluster matrix (declared version from the catalog's add-ons, live version, sync and health from ArgoCD) and its problems. Needs pegase.fleet.read.",
        responses: {
          '200': {
            description:
              'The Clusters view (ClusterMatrixResponse of plugins/fleet-backend/src/services/clusterMatrix.ts).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ClusterMatrix',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/rollouts': {
      get: {
        operationId: 'listRollouts',
        description:
          "Every rollout, newest first, with its waves' states. Needs pegase.rollout.read.",
        parameters: [
          {
            name: 'state',
            in: 'query',
            required: false,
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/RolloutState',
              },
            },
          },
        ],
        responses: {
          '200': {
            description: 'The rollouts.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/RolloutSummary',
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
      post: {
        operationId: 'startRollout',
        description:
          'Starts a rollout of the selection to a version, in gated waves. Needs pegase.rollout.start on every instance of the plan (and pegase.instance.upgrade.production when it holds production instances).',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RolloutRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description:
              'The rollout, state running; the advancer opens the first change request at its next tick.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Rollout',
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
    '/rollouts/plan': {
      post: {
        operationId: 'planRollout',
        description:
          'The waves a rollout of this request would make, and whether the caller may start it (start); nothing is stored. Needs pegase.rollout.read.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RolloutRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The plan.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RolloutPlan',
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
    '/rollouts/{id}': {
      get: {
        operationId: 'getRollout',
        description:
          'One rollout with its waves (instances, change request, gate verdict), its event log and the actions the calling user may take (allowed). Needs pegase.rollout.read.',
        parameters: [
          {
            $ref: '#/components/parameters/RolloutId',
          },
        ],
        responses: {
          '200': {
            description: 'The rollout and its events, oldest first.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['rollout', 'events', 'allowed'],
                  properties: {
                    rollout: {
                      $ref: '#/components/schemas/Rollout',
                    },
                    events: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/RolloutEvent',
                      },
                    },
                    allowed: {
                      $ref: '#/components/schemas/RolloutAllowedActions',
                    },
                  },
                },
              },
            },
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
    '/rollouts/{id}/pause': {
      post: {
        operationId: 'pauseRollout',
        description:
          'Pauses a running rollout. Needs pegase.rollout.manage on every instance of it.',
        parameters: [
          {
            $ref: '#/components/parameters/RolloutId',
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/Reason',
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Rollout',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/rollouts/{id}/resume': {
      post: {
        operationId: 'resumeRollout',
        description:
          'Resumes a paused rollout; a failed wave is judged again. Needs pegase.rollout.manage on every instance of it.',
        parameters: [
          {
            $ref: '#/components/parameters/RolloutId',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Rollout',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/rollouts/{id}/abort': {
      post: {
        operationId: 'abortRollout',
        description:
          'Aborts a rollout and closes its unmerged change requests. Needs pegase.rollout.manage on every instance of it.',
        parameters: [
          {
            $ref: '#/components/parameters/RolloutId',
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/Reason',
              },
            },
          },
        },
        responses: {
          '200': {
            $ref: '#/components/responses/Rollout',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/rollouts/{id}/waves/{wave}/approve': {
      post: {
        operationId: 'approveRolloutWave',
        description:
          'Approves a wave awaiting approval. Needs pegase.rollout.approve on every instance of the wave.',
        parameters: [
          {
            $ref: '#/components/parameters/RolloutId',
          },
          {
            $ref: '#/components/parameters/WaveIndex',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Rollout',
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
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/rollouts/{id}/waves/{wave}/rollback': {
      post: {
        operationId: 'rollbackRolloutWave',
        description:
          "Pauses the rollout and opens a change request moving the wave's instances back to their recorded versions. Needs pegase.rollout.rollback on every instance of the wave.",
        parameters: [
          {
            $ref: '#/components/parameters/RolloutId',
          },
          {
            $ref: '#/components/parameters/WaveIndex',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Rollout',
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
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      RolloutId: {
        name: 'id',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[0-9a-f-]{36}$',
        },
      },
      WaveIndex: {
        name: 'wave',
        in: 'path',
        required: true,
        description: "The wave's index, 0 for the first.",
        schema: {
          type: 'integer',
          minimum: 0,
        },
      },
    },
    schemas: {
      RolloutState: {
        type: 'string',
        enum: ['running', 'paused', 'completed', 'aborted'],
      },
      RolloutWaveState: {
        type: 'string',
        enum: [
          'pending',
          'awaiting-approval',
          'opening',
          'open',
          'merged',
          'passed',
          'failed',
          'aborted',
          'rolling-back',
          'rolled-back',
        ],
      },
      Reason: {
        type: 'object',
        additionalProperties: false,
        properties: {
          reason: {
            type: 'string',
            maxLength: 500,
          },
        },
      },
      RolloutRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['to'],
        properties: {
          to: {
            type: 'string',
            minLength: 1,
            maxLength: 64,
            description: 'Target umbrella version',
          },
          selection: {
            type: 'object',
            additionalProperties: false,
            properties: {
              region: {
                type: 'array',
                items: {
                  type: 'string',
                  maxLength: 63,
                },
              },
              usage: {
                type: 'array',
                items: {
                  type: 'string',
                  enum: ['sandbox', 'construction', 'production'],
                },
              },
              cluster: {
                type: 'array',
                items: {
                  type: 'string',
                  maxLength: 63,
                },
              },
              from: {
                type: 'string',
                maxLength: 64,
                description: 'Current version or semver range',
              },
              names: {
                type: 'array',
                maxItems: 5000,
                items: {
                  type: 'string',
                  maxLength: 63,
                },
              },
              max: {
                type: 'integer',
                minimum: 1,
              },
            },
          },
          strategy: {
            type: 'object',
            additionalProperties: false,
            properties: {
              by: {
                type: 'string',
                enum: ['usage', 'region', 'none'],
                description: 'Waves by usage (default), by region, or one',
              },
              usages: {
                type: 'array',
                items: {
                  type: 'string',
                  enum: ['sandbox', 'construction', 'production'],
                },
              },
              regions: {
                type: 'array',
                items: {
                  type: 'string',
                  maxLength: 63,
                },
              },
              canary: {
                type: 'integer',
                minimum: 1,
                description: 'A first wave of this many instances',
              },
            },
          },
          allowDowngrade: {
            type: 'boolean',
          },
        },
      },
      RolloutInstance: {
        type: 'object',
        required: ['name', 'entityRef', 'file', 'cluster', 'namespace', 'from'],
        properties: {
          name: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          file: {
            type: 'string',
          },
          index: {
            type: 'integer',
          },
          region: {
            type: 'string',
          },
          usage: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          from: {
            type: 'string',
            description: 'The declared version before the rollout',
          },
        },
      },
      RolloutPlan: {
        type: 'object',
        required: ['to', 'waves', 'skipped', 'warnings'],
        properties: {
          to: {
            type: 'string',
          },
          waves: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'instances'],
              properties: {
                name: {
                  type: 'string',
                },
                instances: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/RolloutInstance',
                  },
                },
              },
            },
          },
          skipped: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: {
                  type: 'string',
                },
                reason: {
                  type: 'string',
                },
              },
            },
          },
          warnings: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          start: {
            type: 'object',
            description:
              'For the user who asked: whether starting this plan would be allowed, and why not.',
            required: ['allowed'],
            properties: {
              allowed: {
                type: 'boolean',
              },
              reason: {
                type: 'string',
              },
            },
          },
        },
      },
      RolloutChangeRequest: {
        type: 'object',
        required: ['forge', 'branch', 'state'],
        properties: {
          forge: {
            type: 'string',
            enum: ['gitlab', 'github'],
          },
          branch: {
            type: 'string',
          },
          number: {
            type: 'integer',
          },
          url: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: ['opening', 'open', 'merged', 'closed'],
          },
        },
      },
      RolloutGateVerdict: {
        type: 'object',
        required: ['result', 'reason', 'at'],
        properties: {
          result: {
            type: 'string',
            enum: ['waiting', 'soaking', 'passed', 'failed'],
          },
          reason: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
          counts: {
            type: 'object',
            properties: {
              total: {
                type: 'integer',
              },
              ready: {
                type: 'integer',
              },
              syncing: {
                type: 'integer',
              },
              degraded: {
                type: 'integer',
              },
              alerting: {
                type: 'integer',
              },
              unknown: {
                type: 'integer',
              },
            },
          },
          soakSecondsLeft: {
            type: 'integer',
          },
          timeoutSecondsLeft: {
            type: 'integer',
          },
          holding: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      RolloutWave: {
        type: 'object',
        required: ['index', 'name', 'state', 'instances', 'requiresApproval'],
        properties: {
          index: {
            type: 'integer',
          },
          name: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/RolloutWaveState',
          },
          instances: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RolloutInstance',
            },
          },
          changeRequest: {
            $ref: '#/components/schemas/RolloutChangeRequest',
          },
          rollbackChangeRequest: {
            $ref: '#/components/schemas/RolloutChangeRequest',
          },
          gate: {
            $ref: '#/components/schemas/RolloutGateVerdict',
          },
          requiresApproval: {
            type: 'boolean',
          },
          approvedBy: {
            type: 'string',
          },
          approvedAt: {
            type: 'string',
          },
          openedAt: {
            type: 'string',
          },
          mergedAt: {
            type: 'string',
          },
          healthySince: {
            type: 'string',
          },
        },
      },
      Rollout: {
        type: 'object',
        required: [
          'id',
          'targetVersion',
          'selection',
          'strategy',
          'state',
          'createdBy',
          'createdAt',
          'updatedAt',
          'waves',
        ],
        properties: {
          id: {
            type: 'string',
          },
          targetVersion: {
            type: 'string',
          },
          selection: {
            $ref: '#/components/schemas/Object',
          },
          strategy: {
            $ref: '#/components/schemas/Object',
          },
          state: {
            $ref: '#/components/schemas/RolloutState',
          },
          stateReason: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
          },
          waves: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RolloutWave',
            },
          },
        },
      },
      RolloutSummary: {
        type: 'object',
        required: [
          'id',
          'targetVersion',
          'state',
          'createdBy',
          'createdAt',
          'updatedAt',
          'instances',
          'waves',
        ],
        properties: {
          id: {
            type: 'string',
          },
          targetVersion: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/RolloutState',
          },
          stateReason: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
          },
          instances: {
            type: 'integer',
          },
          waves: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: {
                  type: 'string',
                },
                state: {
                  $ref: '#/components/schemas/RolloutWaveState',
                },
                instances: {
                  type: 'integer',
                },
              },
            },
          },
        },
      },
      RolloutEvent: {
        type: 'object',
        required: ['id', 'rolloutId', 'at', 'actor', 'kind', 'message'],
        properties: {
          id: {
            type: 'integer',
          },
          rolloutId: {
            type: 'string',
          },
          waveIndex: {
            type: 'integer',
          },
          at: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
      },
      RolloutAllowedActions: {
        type: 'object',
        description:
          "What the calling user may do to the rollout now (its permissions on every instance concerned, and the rollout's state); approve and rollback list wave indexes.",
        required: ['pause', 'resume', 'abort', 'approve', 'rollback'],
        properties: {
          pause: {
            type: 'boolean',
          },
          resume: {
            type: 'boolean',
          },
          abort: {
            type: 'boolean',
          },
          approve: {
            type: 'array',
            items: {
              type: 'integer',
            },
          },
          rollback: {
            type: 'array',
            items: {
              type: 'integer',
            },
          },
        },
      },
      ClusterMatrix: {
        type: 'object',
        required: [
          'generatedAt',
          'clusters',
          'addons',
          'cells',
          'problems',
          'argocd',
        ],
        properties: {
          generatedAt: {
            type: 'string',
          },
          clusters: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'entityRef'],
              properties: {
                name: {
                  type: 'string',
                },
                entityRef: {
                  type: 'string',
                },
                region: {
                  type: 'string',
                },
                usage: {
                  type: 'string',
                },
                clusterType: {
                  type: 'string',
                },
                kubernetesVersion: {
                  type: 'string',
                },
                talosVersion: {
                  type: 'string',
                },
              },
            },
          },
          addons: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'entityRefs', 'applicationSets'],
              properties: {
                name: {
                  type: 'string',
                },
                repository: {
                  type: 'string',
                },
                entityRefs: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
                applicationSets: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
              },
            },
          },
          cells: {
            type: 'array',
            items: {
              type: 'object',
              required: ['addon', 'cluster', 'addonRef', 'application'],
              properties: {
                addon: {
                  type: 'string',
                },
                cluster: {
                  type: 'string',
                },
                addonRef: {
                  type: 'string',
                },
                applicationSet: {
                  type: 'string',
                },
                application: {
                  type: 'string',
                },
                declaredVersion: {
                  type: 'string',
                },
                liveVersion: {
                  type: 'string',
                },
                sync: {
                  type: 'string',
                },
                health: {
                  type: 'string',
                },
                healthMessage: {
                  type: 'string',
                },
                uiUrl: {
                  type: 'string',
                },
                failedOperation: {
                  $ref: '#/components/schemas/Object',
                },
              },
            },
          },
          problems: {
            type: 'array',
            items: {
              type: 'object',
              required: ['kind'],
              properties: {
                kind: {
                  type: 'string',
                  enum: [
                    'addon-degraded',
                    'addon-out-of-sync',
                    'addon-operation-failed',
                    'addon-missing',
                    'kubernetes-skew',
                    'talos-skew',
                    'addon-version-skew',
                    'untargeted-cluster',
                  ],
                },
                cluster: {
                  type: 'string',
                },
                addon: {
                  type: 'string',
                },
                clusterType: {
                  type: 'string',
                },
                versions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['version', 'clusters'],
                    properties: {
                      version: {
                        type: 'string',
                      },
                      clusters: {
                        type: 'array',
                        items: {
                          type: 'string',
                        },
                      },
                    },
                  },
                },
                detail: {
                  type: 'string',
                },
                uiUrl: {
                  type: 'string',
                },
              },
            },
          },
          argocd: {
            type: 'object',
            required: ['available'],
            properties: {
              available: {
                type: 'boolean',
              },
              message: {
                type: 'string',
              },
            },
          },
        },
      },
      Object: {
        type: 'object',
        additionalProperties: true,
      },
    },
    responses: {
      Rollout: {
        description: 'The rollout after the change.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Rollout',
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
