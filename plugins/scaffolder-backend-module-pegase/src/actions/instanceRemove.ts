import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  pegaseInstanceUpgradeProductionPermission,
  ttlState,
} from '@pcscol/plugin-pegase-common';
import {
  removeInstanceFromFile,
  type InstanceDefinition,
} from '@pcscol/plugin-pegase-node';
import {
  asInputError,
  changeOutputSchema,
  openChange,
  PegaseActionOptions,
  requirePermission,
} from '../lib/flow';
import { assertInstanceName, assertNoInjection } from '../lib/validation';
import { examples } from './instanceRemove.examples';

/** The name of `resource:default/<name>` or of a plain name; anything else is refused. */
function instanceNameOf(value: string): string {
  if (!value.includes(':') && !value.includes('/')) return value;
  const match = /^resource:default\/([^/:]+)$/i.exec(value);
  if (!match) {
    throw new InputError(
      `instance '${value}' is neither an instance name nor the ref resource:default/<name> of one`,
    );
  }
  return match[1];
}

/** Why the instance goes, as the change request says it (TTL first). */
function reasonLines(instance: InstanceDefinition, now: Date, reason?: string) {
  const ttl = ttlState(instance.ttl, now);
  const lines: string[] = [];
  if (ttl.kind === 'expired') {
    lines.push(`Its TTL (${ttl.date}) expired ${ttl.daysAgo} day(s) ago.`);
  } else if (ttl.kind === 'today' || ttl.kind === 'left') {
    lines.push(`Its TTL is ${ttl.date}.`);
  }
  if (reason) lines.push(`Reason given: ${reason}`);
  return lines;
}

/**
 * `pegase:instance:remove`: deletes an instance from the GitOps repository
 * (its folder under `instances/`, or only its entry when its `instance.json`
 * declares several, and its `vault/<instance>/` manifests; nothing else) as
 * a merge/pull request. Once merged, ArgoCD prunes its
 * Application and the catalog drops its entity.
 * @public
 */
export function createPegaseInstanceRemoveAction(options: PegaseActionOptions) {
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: 'pegase:instance:remove',
    description:
      'Removes a Pégase instance (its instances/ folder and vault/<instance>/ manifests) from the GitOps repository as a merge/pull request',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        instance: z =>
          z.string({
            description:
              'The instance: its name or its entity ref (resource:default/<name>)',
          }),
        reason: z =>
          z
            .string({
              description: 'Why it goes (written in the change request)',
            })
            .max(500)
            .optional(),
      },
      output: {
        ...changeOutputSchema,
        removed: z =>
          z.array(z.string(), {
            description: 'Repository files the change deletes',
          }),
      },
    },
    async handler(ctx) {
      assertNoInjection(ctx.input, 'input');
      const name = instanceNameOf(ctx.input.instance);
      assertInstanceName(name);
      const reason = ctx.input.reason?.trim() || undefined;
      const { settings } = options.publisher;
      const edited: string[] = [];
      const change = await openChange(ctx, options, {
        kind: 'remove',
        name,
        title: `Remove the Pégase instance ${name}`,
        description: [],
        build: async checkout => {
          const instance = checkout.snapshot.instances.find(
            i => i.name === name,
          );
          if (!instance) {
            throw new InputError(
              `instance '${name}' is not in the inventory (instances/ of ${settings.repoUrl}, branch ${settings.branch})`,
            );
          }
          if (instance.usage === 'production') {
            await requirePermission(
              ctx,
              options.permissions,
              pegaseInstanceUpgradeProductionPermission,
              `'${name}' is a production instance: removing it needs the permission ${pegaseInstanceUpgradeProductionPermission.name}`,
            );
          }
          const vault = `vault/${name}`;
          const others = checkout.snapshot.instances.filter(
            i => i.file === instance.file && i.name !== name,
          );
          if (others.length > 0) {
            // declared with others in one instance.json: only its entry goes
            const text = await checkout.readFile(instance.file);
            if (text === undefined) {
              throw new InputError(
                `${instance.file} is no longer in the repository`,
              );
            }
            edited.push(instance.file);
            return {
              files: {
                [instance.file]: asInputError(() =>
                  removeInstanceFromFile(text, instance),
                ),
              },
              remove: [vault],
              notes: [
                `Deletes the instance ${name} (${instance.usage}, cluster ${instance.cluster}): its entry in ${instance.file} (${others.length} other instance(s) stay there) and its Vault manifests ${vault}/.`,
                ...reasonLines(instance, now(), reason),
              ],
            };
          }
          const folder = path.posix.dirname(instance.file);
          return {
            files: {},
            remove: [folder, vault],
            notes: [
              `Deletes the instance ${name} (${instance.usage}, cluster ${instance.cluster}): its folder ${folder}/ and its Vault manifests ${vault}/.`,
              ...reasonLines(instance, now(), reason),
            ],
          };
        },
      });
      ctx.output(
        'removed',
        change.filesChanged.filter(f => !edited.includes(f)),
      );
      ctx.output('filesChanged', change.filesChanged);
      ctx.output('diff', change.diff);
      ctx.output('branch', change.branch);
      ctx.output('entityRef', `resource:default/${name}`);
      ctx.output('changeRequestUrl', change.url);
      ctx.output('changeRequestNumber', change.number);
      ctx.output('updated', change.updated);
    },
  });
}
