/*
 * The Vault actions of the actions registry (MCP clients, the CLI): the
 * metadata of an instance or of a component, the same views as the Vault
 * cards (so the same guard: metadata only, never a value). The input names a
 * catalog entity; the caller's credentials are checked against it with the
 * view's permission (refusals audited).
 */
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  type EntityAuthorizer,
  entityRefOfInput,
} from '@pcscol/plugin-pegase-node';
import {
  vaultComponentReadPermission,
  vaultInstanceReadPermission,
  vaultMetadataActionsPermission,
} from '@pcscol/plugin-vault-common';
import type { VaultViewService } from '../services/VaultViewService';
import { vaultActionExamples } from './examples';

type Z = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

/** A part of a view: its data, or why it could not be read. */
const part = (z: Z) =>
  z.object({
    data: z.unknown().optional(),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        status: z.number().optional(),
      })
      .optional(),
  });

const findings = (z: Z) =>
  z.array(
    z
      .object({ severity: z.string(), message: z.string() })
      .passthrough()
      .describe('Something a reviewer should look at'),
  );

/** Registers `get-instance-vault-metadata` and `get-component-vault-metadata`. @internal */
export function registerVaultActions(options: {
  actionsRegistry: ActionsRegistryService;
  authorizer: EntityAuthorizer;
  views: VaultViewService;
}) {
  const { actionsRegistry, authorizer, views } = options;

  actionsRegistry.register({
    name: 'get-instance-vault-metadata',
    title: 'Vault metadata of a Pégase instance',
    description:
      'What Vault holds for one Pégase instance, as its Vault card shows it: the secret engines of its path, the database engine (connections without passwords, static and dynamic roles), the Kubernetes auth role of its namespace, the ACL policies it gets, the KV key names and versions (includeKv), and the findings. Never a secret value: the portal reads none.',
    visibilityPermission: vaultMetadataActionsPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    examples: vaultActionExamples['get-instance-vault-metadata'],
    schema: {
      input: z =>
        z.object({
          instance: z
            .string()
            .min(1)
            .max(300)
            .describe(
              'The instance entity: its name (uca-recette) or ref (resource:default/uca-recette)',
            ),
          includeKv: z
            .boolean()
            .default(false)
            .describe('Also list the KV key names and versions (never values)'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          instance: z.string(),
          namespace: z.string(),
          vaultPath: z.string(),
          cluster: z.string().optional(),
          vault: z.object({ name: z.string() }).passthrough(),
          engines: part(z),
          database: part(z),
          authRole: part(z),
          policies: part(z),
          kv: part(z).optional(),
          findings: findings(z),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = entityRefOfInput(
        input.instance,
        'resource',
        'instance',
      );
      await authorizer.authorize(
        credentials,
        vaultInstanceReadPermission,
        entityRef,
        { credentials, via: 'get-instance-vault-metadata' },
      );
      const view = await views.instanceView(entityRef, credentials);
      const kv = input.includeKv
        ? (await views.kvView(entityRef, credentials)).kv
        : undefined;
      const { upstreamCalls: _calls, fetchedAt: _at, ...metadata } = view;
      return { output: { ...metadata, ...(kv ? { kv } : {}) } as any };
    },
  });

  actionsRegistry.register({
    name: 'get-component-vault-metadata',
    title: 'Vault metadata of a Pégase component across the fleet',
    description:
      "What Vault gives one component's service account in the instances that run it, as its Vault card shows it: per instance the Kubernetes auth role (and whether it is bound to the service account and namespace), the ACL policies and the database roles they grant; the components sharing the service account; the findings. One page of instances (offset, limit). Never a secret value.",
    visibilityPermission: vaultMetadataActionsPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    examples: vaultActionExamples['get-component-vault-metadata'],
    schema: {
      input: z =>
        z.object({
          component: z
            .string()
            .min(1)
            .max(300)
            .describe(
              'The component entity: its name (ins) or ref (component:default/ins, resource:default/postgresql)',
            ),
          offset: z
            .number()
            .int()
            .min(0)
            .default(0)
            .describe('First instance of the page'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .default(20)
            .describe('Instances in the page'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          component: z.string(),
          serviceAccount: z.string(),
          sharedWith: z.array(z.string()),
          totalInstances: z.number(),
          offset: z.number(),
          limit: z.number(),
          instances: z.array(
            z
              .object({
                instance: z.string(),
                entityRef: z.string(),
                bound: z.boolean(),
                authRole: part(z),
                policies: part(z),
                databaseRoles: part(z),
              })
              .passthrough(),
          ),
          findings: findings(z),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = entityRefOfInput(
        input.component,
        'component',
        'component',
      );
      await authorizer.authorize(
        credentials,
        vaultComponentReadPermission,
        entityRef,
        { credentials, via: 'get-component-vault-metadata' },
      );
      const view = await views.componentView(entityRef, credentials, {
        offset: input.offset,
        limit: input.limit,
      });
      const { upstreamCalls: _calls, fetchedAt: _at, ...metadata } = view;
      return { output: metadata as any };
    },
  });
}
