import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  pegaseInstanceRemovePermission,
  pegaseInstanceUpgradeProductionPermission,
  ttlState,
} from '@pcscol/plugin-pegase-common';
import {
  redactUrlCredentials,
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
import { authorizeEntities, instanceRef } from '../lib/access';
import { mdCode, mdText } from '../lib/markdown';
import { examples } from './instanceRemove.examples';

const ACTION_ID = 'pegase:instance:remove';

/** What a removal may delete, as the refusals name it. */
const REMOVAL_RULE =
  "a removal deletes only the instance's folder instances/<region>/<usage>/<instance>/ and its vault/<instance>/ (docs/architecture.md, the GitOps repository contract)";

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The contract folder of an instance alone in its instance.json:
 * `instances/<region>/<usage>/<instance>`, each segment a DNS-1123 label and
 * the last one the instance's name; anything else is refused.
 */
function contractFolder(instance: InstanceDefinition): string {
  const folder = path.posix.dirname(instance.file);
  const segs = folder.split('/');
  if (
    segs.length !== 4 ||
    segs[0] !== 'instances' ||
    !segs.slice(1).every(s => LABEL.test(s)) ||
    segs[3] !== instance.name
  ) {
    throw new InputError(
      `instance '${instance.name}' is declared in ${instance.file}, not in instances/<region>/<usage>/${instance.name}/instance.json: its removal is refused, ${REMOVAL_RULE}`,
    );
  }
  return folder;
}

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
    lines.push(
      `Its TTL (${mdText(ttl.date)}) expired ${ttl.daysAgo} day(s) ago.`,
    );
  } else if (ttl.kind === 'today' || ttl.kind === 'left') {
    lines.push(`Its TTL is ${mdText(ttl.date)}.`);
  }
  if (reason) lines.push(`Reason given: ${mdText(reason)}`);
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
    id: ACTION_ID,
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
        summary: z =>
          z.string({
            description:
              'The deleted files as a Markdown list, names escaped (the template shows it)',
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
              `instance '${name}' is not in the inventory (instances/ of ${redactUrlCredentials(
                settings.repoUrl,
              )}, branch ${settings.branch})`,
            );
          }
          await authorizeEntities(
            ctx,
            options.authorizer,
            pegaseInstanceRemovePermission,
            [instanceRef(name)],
            ACTION_ID,
          );
          if (instance.usage === 'production') {
            await requirePermission(
              ctx,
              options.permissions,
              pegaseInstanceUpgradeProductionPermission,
              `'${name}' is a production instance: removing it needs the permission ${pegaseInstanceUpgradeProductionPermission.name}`,
            );
          }
          const vault = `vault/${name}`;
          const what = `the instance ${mdCode(name)} (${mdText(
            instance.usage ?? 'no usage',
          )}, cluster ${mdCode(instance.cluster)})`;
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
              confine: {
                paths: [instance.file, `${vault}/`],
                rule: REMOVAL_RULE,
              },
              notes: [
                `Deletes ${what}: its entry in ${mdCode(instance.file)} (${
                  others.length
                } other instance(s) stay there) and its Vault manifests ${mdCode(
                  `${vault}/`,
                )}.`,
                ...reasonLines(instance, now(), reason),
              ],
            };
          }
          const folder = contractFolder(instance);
          return {
            files: {},
            remove: [folder, vault],
            confine: { paths: [`${folder}/`, `${vault}/`], rule: REMOVAL_RULE },
            notes: [
              `Deletes ${what}: its folder ${mdCode(
                `${folder}/`,
              )} and its Vault manifests ${mdCode(`${vault}/`)}.`,
              ...reasonLines(instance, now(), reason),
            ],
          };
        },
      });
      const removed = change.filesChanged.filter(f => !edited.includes(f));
      ctx.output('removed', removed);
      ctx.output(
        'summary',
        removed.length
          ? removed.map(f => `- ${mdCode(f)}`).join('\n')
          : '(no file deleted)',
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
