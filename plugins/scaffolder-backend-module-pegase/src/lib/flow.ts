import { InputError, NotAllowedError } from '@backstage/errors';
import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  EntityAuthorizer,
  FileChanges,
  GitopsChangePublisher,
  GitopsCheckout,
  GitopsSnapshot,
  GitopsValidationError,
  InstanceUsage,
  redactUrlCredentials,
  setYamlPath,
} from '@pcscol/plugin-pegase-node';
import { parseEntityRef } from '@backstage/catalog-model';
import { SelfServiceSettings, UsageLimits } from '../config';
import { vaultInstanceReadPermission } from '@pcscol/plugin-vault-common';
import { validateRenderedFiles } from './manifestSchemas';
import { pegaseInstanceCreateProductionPermission } from '../permissions';
import { mdCode } from './markdown';
import { instancesOfFiles, readableDiff } from './readableDiff';
import { instanceRef } from './access';

/** What every Pégase action needs. @public */
export interface PegaseActionOptions {
  /** Publishes each change as a merge/pull request (`pegase.gitops`). */
  publisher: GitopsChangePublisher;
  /** The permission framework (the production permission). */
  permissions: PermissionsService;
  /**
   * Resource permissions checked against the entities a change touches,
   * refusals audited (pegase-node's EntityAuthorizer).
   */
  authorizer: EntityAuthorizer;
  /** `pegase.selfService`: the DBaaS team id, Kafka API version, limits. */
  selfService: SelfServiceSettings;
  /** The clock (tests). Default: now. */
  now?: () => Date;
}

/** Outputs common to the Pégase actions. */
export const changeOutputSchema = {
  changeRequestUrl: (z: any) =>
    z.string({
      description:
        'URL of the merge/pull request (the repository URL in a dry run)',
    }),
  changeRequestNumber: (z: any) =>
    z.number({ description: 'MR iid / PR number (0 in a dry run)' }).optional(),
  updated: (z: any) =>
    z
      .boolean({
        description:
          'True when an open change request of the same branch was updated',
      })
      .optional(),
  branch: (z: any) => z.string({ description: 'Branch of the change request' }),
  filesChanged: (z: any) =>
    z.array(z.string(), {
      description: 'Repository paths the change adds, modifies or deletes',
    }),
  diff: (z: any) =>
    z.string({ description: 'Unified diff of the whole change' }),
  entityRef: (z: any) =>
    z.string({
      description:
        'Ref of the catalog entity the change will create once merged',
    }),
};

/** The name part of an entity ref or a plain name (EntityPicker outputs refs). */
export function nameOf(value: string, field: string): string {
  if (!value.includes(':') && !value.includes('/')) return value;
  try {
    return parseEntityRef(value, {
      defaultKind: 'resource',
      defaultNamespace: 'default',
    }).name;
  } catch (e) {
    throw new InputError(
      `${field} '${value}' is not a name or an entity ref: ${
        (e as Error).message
      }`,
    );
  }
}

/**
 * Refuses with `refusal` (a NotAllowedError) unless the policy allows the
 * initiator of the task `permission`.
 */
export async function requirePermission(
  ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials'>,
  permissions: PermissionsService,
  permission: BasicPermission,
  refusal: string,
): Promise<void> {
  const credentials = await ctx.getInitiatorCredentials();
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(refusal);
  }
}

/** Production requests: only for the groups the permission policy allows. */
export async function authorizeUsage(
  ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials'>,
  permissions: PermissionsService,
  usage: InstanceUsage,
): Promise<void> {
  if (usage !== 'production') return;
  await requirePermission(
    ctx,
    permissions,
    pegaseInstanceCreateProductionPermission,
    `Production requests are limited to the groups the configuration names (permission ${pegaseInstanceCreateProductionPermission.name})`,
  );
}

export function limitsOf(
  settings: SelfServiceSettings,
  usage: InstanceUsage,
): UsageLimits {
  return settings.limits[usage];
}

export function assertWithin(
  value: number,
  max: number,
  what: string,
  usage: string,
) {
  if (value > max) {
    throw new InputError(
      `${what} ${value} is over the limit for ${usage} (${max})`,
    );
  }
}

/** Finds the cluster of the inventory, or a clear error. */
export function requireCluster(
  snapshot: GitopsSnapshot,
  name: string,
  field = 'cluster',
) {
  const cluster = snapshot.clusters.find(c => c.name === name);
  if (!cluster) {
    const known = snapshot.clusters.map(c => c.name).sort();
    throw new InputError(
      `${field} '${name}' is not in the inventory (clusters/): known clusters are ${
        known.join(', ') || 'none'
      }`,
    );
  }
  return cluster;
}

/** Turns the model's validation errors into InputErrors. */
export function asInputError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof GitopsValidationError) throw new InputError(e.message);
    throw e;
  }
}

/** What {@link openChange} asks for. */
export interface ChangeRequestInput {
  kind: 'instance' | 'dbaas' | 'kaas' | 'upgrade' | 'remove' | 'addon';
  name: string;
  title: string;
  /** Markdown lines; repository strings in them escaped (lib/markdown). */
  description: string[];
  /** The instance the change creates: its files are the requester's to read. */
  creates?: string;
  /** The files to write, or a {@link BuiltChange} for a change that also deletes. */
  build: (
    checkout: GitopsCheckout,
  ) => Promise<FileChanges | BuiltChange> | FileChanges | BuiltChange;
}

/** What `build` returns for a change that deletes files (found on the checkout). */
export interface BuiltChange {
  files: FileChanges;
  /** Repository files or folders the change deletes. */
  remove: string[];
  /** Markdown lines added to the change request's description (escaped). */
  notes?: string[];
  /**
   * The only folders (prefixes ending in `/`) and files the change may touch;
   * any other file it would change is refused, naming `rule`.
   */
  confine?: { paths: string[]; rule: string };
}

function isBuiltChange(value: FileChanges | BuiltChange): value is BuiltChange {
  return Array.isArray((value as BuiltChange).remove);
}

/** What {@link openChange} did (in a dry run: the repository URL, number 0). */
export interface OpenedChange {
  branch: string;
  filesChanged: string[];
  diff: string;
  url: string;
  number: number;
  updated: boolean;
}

/**
 * Clones, lets `build` render the files, validates them, and opens or
 * updates the change request of the branch `<prefix><kind>/<name>` (or logs
 * the diff in a dry run). Running it again with the same input updates the
 * same change request.
 */
export async function openChange(
  ctx: ActionContext<any, any>,
  options: PegaseActionOptions,
  request: ChangeRequestInput,
  /**
   * A checkout of the caller's, kept afterwards and brought back to the
   * target branch first (several change requests from one clone). Default:
   * a new checkout, removed afterwards.
   */
  shared?: GitopsCheckout,
): Promise<OpenedChange> {
  const { publisher } = options;
  const checkout =
    shared ??
    (await publisher.checkout({
      defaultOwner: options.selfService.defaultOwner,
    }));
  if (shared) await publisher.reset(shared);
  try {
    const built = await request.build(checkout);
    const { files, remove, notes, confine } = isBuiltChange(built)
      ? built
      : { files: built, remove: [], notes: [], confine: undefined };
    validateRenderedFiles(files);
    const stagedAll = await publisher.stage(checkout, files, remove);
    if (confine) assertConfined(stagedAll.filesChanged, confine);
    const staged = {
      ...stagedAll,
      diff: await diffForRequester(
        ctx,
        options,
        checkout,
        stagedAll,
        new Set(Object.keys(files)),
        request.creates,
      ),
    };
    const descriptionLines = [...request.description, ...(notes ?? [])];
    if (staged.filesChanged.length === 0) {
      throw new InputError(
        `The request changes nothing in the GitOps repository`,
      );
    }
    const branch = `${publisher.settings.branchPrefix}${request.kind}/${request.name}`;
    const forgeWord = publisher.settings.forge === 'github' ? 'pull' : 'merge';
    if (ctx.isDryRun) {
      ctx.logger.info(
        `Dry run: the ${forgeWord} request '${request.title}' from branch ${branch} would change ${staged.filesChanged.length} files:\n${staged.diff}`,
      );
      return {
        branch,
        ...staged,
        url: redactUrlCredentials(publisher.settings.repoUrl),
        number: 0,
        updated: false,
      };
    }
    const user = ctx.user?.ref
      ? `\n\nRequested by ${ctx.user.ref} through Pégase Portal.`
      : '\n\nRequested through Pégase Portal.';
    const description = `${descriptionLines.join(
      '\n',
    )}\n\nFiles:\n${staged.filesChanged
      .map(f => `- ${mdCode(f)}`)
      .join('\n')}${user}`;
    const published = await ctx.checkpoint({
      key: `pegase.change.${branch}.${ctx.task?.id ?? ''}`,
      fn: async () => {
        const r = await publisher.publish(checkout, {
          branch,
          title: request.title,
          description,
          commitMessage: `${request.title}\n\n${descriptionLines.join('\n')}`,
        });
        return {
          url: r.url,
          number: r.number,
          updated: r.updated,
          commit: r.commit,
        };
      },
    });
    ctx.logger.info(
      `${
        published.updated ? 'Updated' : 'Opened'
      } ${forgeWord} request ${redactUrlCredentials(
        published.url,
      )} (branch ${branch}, commit ${published.commit})`,
    );
    return {
      branch,
      ...staged,
      url: redactUrlCredentials(published.url),
      number: published.number,
      updated: published.updated,
    };
  } finally {
    if (!shared) await checkout.cleanup();
  }
}

/** Refuses a change that touches a file outside `confine.paths`. */
export function assertConfined(
  filesChanged: string[],
  confine: { paths: string[]; rule: string },
): void {
  const outside = filesChanged.filter(
    f =>
      !confine.paths.some(p => (p.endsWith('/') ? f.startsWith(p) : f === p)),
  );
  if (outside.length === 0) return;
  throw new InputError(
    `The change would touch ${
      outside.length
    } file(s) outside ${confine.paths.join(', ')} (${outside
      .slice(0, 5)
      .join(', ')}${outside.length > 5 ? ', …' : ''}): refused, ${
      confine.rule
    }`,
  );
}

/**
 * The staged diff as the requester may read it ({@link readableDiff}): the
 * files of instances whose Vault metadata they may not read
 * (`vault.instance.read`) without their content.
 */
async function diffForRequester(
  ctx: ActionContext<any, any>,
  options: PegaseActionOptions,
  checkout: GitopsCheckout,
  staged: { filesChanged: string[]; diff: string },
  written: Set<string>,
  creates?: string,
): Promise<string> {
  const instances = checkout.snapshot.instances;
  const names = instancesOfFiles(staged.filesChanged, instances).filter(
    n => n !== creates,
  );
  const readable = new Set<string>(creates ? [creates] : []);
  if (names.length > 0) {
    const credentials = await ctx.getInitiatorCredentials();
    const allowed = await options.authorizer.allowedRefs(
      credentials,
      vaultInstanceReadPermission,
      names.map(instanceRef),
    );
    for (const n of names) if (allowed.has(instanceRef(n))) readable.add(n);
  }
  return readableDiff(
    staged.diff,
    instances,
    readable,
    vaultInstanceReadPermission.name,
    written,
  );
}

/** {@link openChange} for the actions that open one change request, with their outputs. */
export async function proposeChange(
  ctx: ActionContext<any, any>,
  options: PegaseActionOptions,
  request: ChangeRequestInput & { entityRef: string },
): Promise<void> {
  const change = await openChange(ctx, options, request);
  ctx.output('filesChanged', change.filesChanged);
  ctx.output('diff', change.diff);
  ctx.output('branch', change.branch);
  ctx.output('entityRef', request.entityRef);
  ctx.output('changeRequestUrl', change.url);
  ctx.output('changeRequestNumber', change.number);
  ctx.output('updated', change.updated);
}

/**
 * Records a DBaaS/KaaS connection in the values.yaml of the instance it serves
 * (`global.pegase.<kind>.<name>`), keeping the file's comments and key order:
 * only the added lines change. Returns no file when the instance has none.
 */
export async function linkToInstanceValues(
  checkout: GitopsCheckout,
  instance: { valuesFile?: string } | undefined,
  kind: 'dbaas' | 'kaas',
  name: string,
  value: Record<string, unknown>,
): Promise<FileChanges> {
  if (!instance?.valuesFile) return {};
  const text = await checkout.readFile(instance.valuesFile);
  if (text === undefined) return {};
  return {
    [instance.valuesFile]: asInputError(() =>
      setYamlPath(text, ['global', 'pegase', kind, name], value, {
        file: instance.valuesFile,
      }),
    ),
  };
}

/**
 * Template forms send `''` or `null` for optional fields left empty: they mean
 * "not set" (top-level keys only).
 */
export function withoutEmpty<T extends Record<string, unknown>>(input: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === '' || v === null || v === undefined) continue;
    out[k] = v;
  }
  return out as T;
}
