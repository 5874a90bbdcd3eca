import fs from 'node:fs/promises';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Config } from '@backstage/config';
import {
  ScmIntegrations,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { FileChanges, GitopsSnapshot } from '../model/types';
import { directoryFileSource } from '../source/sources';
import { readGitopsRepository } from '../read';
import { GitopsReadCache } from '../util/readCache';
import { redactUrlCredentials } from '../util/redact';
import { GitopsSettings, readGitopsSettings } from './gitopsSettings';
import { GitAuth, runGit } from './gitCli';
import { ChangeRequestRef, ForgeClient, resolveForge } from './forges';
import { ConflictError } from '@backstage/errors';
import { fitDescription, fullDescriptionFile } from './descriptionLimit';

const MIRROR_PREFIX = 'pegase-gitops-mirror-';

/** Local mirrors of this process, removed when it exits. */
const mirrors = new Set<string>();
let exitHookInstalled = false;
function registerMirror(dir: string) {
  mirrors.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const m of mirrors) rmSync(m, { recursive: true, force: true });
    });
    // mirrors of processes that were killed (no exit hook) are removed here
    void removeOrphanMirrors();
  }
}

async function removeOrphanMirrors(): Promise<void> {
  try {
    const tmp = os.tmpdir();
    for (const name of await fs.readdir(tmp)) {
      const pid = Number(/^pegase-gitops-mirror-(\d+)-/.exec(name)?.[1]);
      if (!pid || pid === process.pid) continue;
      try {
        process.kill(pid, 0); // alive: its mirror is in use
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ESRCH')
          await fs.rm(path.join(tmp, name), { recursive: true, force: true });
      }
    }
  } catch {
    // best effort
  }
}

/** A shallow clone of the GitOps repository's target branch, read with the model. @public */
export interface GitopsCheckout {
  /** The work tree. */
  dir: string;
  /** The repository as `@pcscol/plugin-pegase-node` reads it. */
  snapshot: GitopsSnapshot;
  /** Text of a repository file, `undefined` if absent. */
  readFile(file: string): Promise<string | undefined>;
  /** Removes the clone. */
  cleanup(): Promise<void>;
}

/** What a change would do to the repository. @public */
export interface StagedChange {
  /** Repository paths added or modified (sorted). */
  filesChanged: string[];
  /** `git diff` of the whole change (unified, against the target branch). */
  diff: string;
}

/** The result of {@link GitopsChangePublisher.publish}. @public */
export interface PublishedChange extends ChangeRequestRef {
  /** The branch pushed. */
  branch: string;
  /** The commit pushed. */
  commit: string;
  /** True when an open change request from the same branch was updated. */
  updated: boolean;
  /** The forge of the change request. */
  forge: 'gitlab' | 'github';
}

/**
 * Clones the GitOps repository with git, applies file changes, and publishes
 * them as a merge request (GitLab) or pull request (GitHub): commit on a
 * branch, push it (replacing it only where this run saw it), then create the
 * change request, or update the open one of that branch (a re-run of the
 * same request updates its change).
 * @public
 */
export class GitopsChangePublisher {
  /** `pegase.gitops`, defaults applied. */
  readonly settings: GitopsSettings;
  readonly #integrations: ScmIntegrationRegistry;
  #forge?: Promise<{ client: ForgeClient; gitAuth?: GitAuth }>;
  /** Parse results of the previous checkouts: unchanged files are not parsed again. */
  readonly #readCache = new GitopsReadCache();
  /** A bare shallow mirror of the target branch, fetched before each checkout. */
  #mirrorDir?: string;
  #mirrorLock: Promise<unknown> = Promise.resolve();
  /**
   * The remote's change branches (`branchPrefix…` → commit) as each checkout
   * saw them: a push only replaces a branch still at that commit.
   */
  readonly #branchesSeen = new WeakMap<GitopsCheckout, Map<string, string>>();

  /** A publisher of `pegase.gitops` through the config's SCM integrations. */
  static fromConfig(config: Config) {
    return new GitopsChangePublisher(
      readGitopsSettings(config),
      ScmIntegrations.fromConfig(config),
    );
  }

  constructor(settings: GitopsSettings, integrations: ScmIntegrationRegistry) {
    this.settings = settings;
    this.#integrations = integrations;
  }

  #resolve() {
    if (!this.#forge) {
      this.#forge = resolveForge({
        integrations: this.#integrations,
        forge: this.settings.forge,
        forgeHost: this.settings.forgeHost,
        project: this.settings.project,
        gitToken: this.settings.token,
        timeoutMs: this.settings.timeoutMs,
      });
      this.#forge.catch(() => {
        this.#forge = undefined;
      });
    }
    return this.#forge;
  }

  /**
   * Clones the target branch into `dir` (no checkout) from the local mirror,
   * after fetching the branch's head into it: an unchanged repository costs
   * one ref negotiation instead of a full download. The mirror is created by
   * the first call. Calls are serialised (one mirror per publisher).
   */
  async #cloneFromMirror(dir: string, auth?: GitAuth): Promise<void> {
    const { branch, repoUrl, timeoutMs } = this.settings;
    const run = async () => {
      if (!this.#mirrorDir) {
        const mirror = await fs.mkdtemp(
          path.join(os.tmpdir(), `${MIRROR_PREFIX}${process.pid}-`),
        );
        registerMirror(mirror);
        try {
          await runGit(
            [
              'clone',
              '--quiet',
              '--bare',
              '--depth',
              '1',
              '--single-branch',
              '--no-tags',
              '--branch',
              branch,
              repoUrl,
              mirror,
            ],
            { auth, timeoutMs },
          );
        } catch (e) {
          mirrors.delete(mirror);
          await fs.rm(mirror, { recursive: true, force: true });
          throw e;
        }
        this.#mirrorDir = mirror;
      } else {
        await runGit(
          [
            'fetch',
            '--quiet',
            '--depth',
            '1',
            '--no-tags',
            'origin',
            `+refs/heads/${branch}:refs/heads/${branch}`,
          ],
          { auth, timeoutMs, cwd: this.#mirrorDir },
        );
      }
      await runGit(
        [
          'clone',
          '--quiet',
          '--no-checkout',
          '--shared',
          '--single-branch',
          '--branch',
          branch,
          this.#mirrorDir,
          dir,
        ],
        { timeoutMs },
      );
      // pushes go to the real remote
      await runGit(['remote', 'set-url', 'origin', repoUrl], {
        cwd: dir,
        timeoutMs,
      });
    };
    const next = this.#mirrorLock.then(run, run);
    this.#mirrorLock = next.catch(async () => {
      // a broken mirror is rebuilt by the next checkout
      const broken = this.#mirrorDir;
      this.#mirrorDir = undefined;
      if (broken) {
        mirrors.delete(broken);
        await fs.rm(broken, { recursive: true, force: true });
      }
    });
    return next;
  }

  /** The remote's branches under `branchPrefix`, with their commits. */
  async #remoteBranches(
    dir: string,
    auth?: GitAuth,
  ): Promise<Map<string, string>> {
    const out = await runGit(['ls-remote', '--heads', 'origin'], {
      cwd: dir,
      auth,
      timeoutMs: this.settings.timeoutMs,
    });
    const prefix = `refs/heads/${this.settings.branchPrefix}`;
    const branches = new Map<string, string>();
    for (const line of out.split('\n')) {
      const [sha, ref] = line.trim().split(/\s+/);
      if (sha && ref?.startsWith(prefix))
        branches.set(ref.slice('refs/heads/'.length), sha);
    }
    return branches;
  }

  /** Shallow-clones the target branch into a new temporary folder and reads it. */
  async checkout(options?: {
    parentDir?: string;
    defaultOwner?: string;
  }): Promise<GitopsCheckout> {
    const { gitAuth } = await this.#resolve();
    const parent = options?.parentDir ?? os.tmpdir();
    const dir = await fs.mkdtemp(path.join(parent, 'pegase-gitops-'));
    const cleanup = () => fs.rm(dir, { recursive: true, force: true });
    try {
      const auth = { auth: gitAuth, timeoutMs: this.settings.timeoutMs };
      // A shallow, single-branch, sparse clone: the actions never read
      // vault/ (thousands of files at fleet scale), they only add to it.
      // Through the local mirror when it works, else straight from the remote.
      const mirrored = await this.#cloneFromMirror(dir, gitAuth).then(
        () => true,
        () => false,
      );
      if (!mirrored) {
        await fs.rm(dir, { recursive: true, force: true });
        await fs.mkdir(dir);
        await runGit(
          [
            'clone',
            '--quiet',
            '--depth',
            '1',
            '--single-branch',
            '--no-tags',
            '--no-checkout',
            '--branch',
            this.settings.branch,
            this.settings.repoUrl,
            dir,
          ],
          auth,
        );
      }
      const branchesSeen = await this.#remoteBranches(dir, gitAuth);
      await runGit(['sparse-checkout', 'set', '--no-cone', '/*', '!/vault/'], {
        ...auth,
        cwd: dir,
      });
      await runGit(['checkout', '--quiet', this.settings.branch], {
        ...auth,
        cwd: dir,
      });
      // Locations name the repository (not the temporary folder), so that
      // the parse cache serves the next checkouts.
      const local = directoryFileSource(dir);
      const base = `${redactUrlCredentials(this.settings.repoUrl).replace(
        /\/+$/,
        '',
      )}#${this.settings.branch}/`;
      const source = {
        list: local.list,
        read: local.read,
        describe: (p: string) => `${base}${p}`,
      };
      const snapshot = await readGitopsRepository(source, {
        loadOpenApi: false,
        defaultOwner: options?.defaultOwner,
        cache: this.#readCache,
      });
      const result: GitopsCheckout = {
        dir,
        snapshot,
        async readFile(file: string) {
          try {
            return await fs.readFile(resolveSafeChildPath(dir, file), 'utf8');
          } catch {
            return undefined;
          }
        },
        cleanup,
      };
      this.#branchesSeen.set(result, branchesSeen);
      return result;
    } catch (e) {
      await cleanup();
      throw new Error(
        redactUrlCredentials(
          `Cannot read the GitOps repository ${this.settings.repoUrl} (branch ${
            this.settings.branch
          }): ${(e as Error).message}`,
        ),
      );
    }
  }

  /**
   * Writes the files into the clone, removes the `removals` (files or
   * folders, also under the sparse `vault/`), and stages both; returns the
   * files changed and the diff.
   */
  async stage(
    checkout: GitopsCheckout,
    files: FileChanges,
    removals: string[] = [],
  ): Promise<StagedChange> {
    for (const [file, content] of Object.entries(files)) {
      const target = resolveSafeChildPath(checkout.dir, file);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content, 'utf8');
    }
    const opts = { cwd: checkout.dir, timeoutMs: this.settings.timeoutMs };
    if (Object.keys(files).length > 0) {
      await runGit(
        ['add', '--sparse', '--all', '--', ...Object.keys(files)],
        opts,
      );
    }
    if (removals.length > 0) {
      // each path checked like the written files: inside the clone
      for (const removal of removals)
        resolveSafeChildPath(checkout.dir, removal);
      await runGit(
        [
          'rm',
          '-r',
          '--quiet',
          '--sparse',
          '--ignore-unmatch',
          '--',
          ...removals,
        ],
        opts,
      );
    }
    const names = await runGit(['diff', '--cached', '--name-only', '-z'], opts);
    const diff = await runGit(
      ['diff', '--cached', '--no-color', '--no-ext-diff'],
      opts,
    );
    return { filesChanged: names.split('\0').filter(Boolean).sort(), diff };
  }

  /**
   * Brings the clone back to the target branch as it was cloned (after a
   * {@link GitopsChangePublisher.publish} or a failed stage), so that the
   * same checkout serves the next change request.
   */
  async reset(checkout: GitopsCheckout): Promise<void> {
    const opts = { cwd: checkout.dir, timeoutMs: this.settings.timeoutMs };
    await runGit(
      ['checkout', '--quiet', '--force', this.settings.branch],
      opts,
    );
    await runGit(['clean', '--quiet', '--force', '-d'], opts);
  }

  /**
   * Commits the staged change on `branch`, pushes it, and opens the change
   * request, or updates the open one of that branch. The description is
   * checked against the forge's limit first: when longer, the whole text is
   * committed as a file of the branch and the description cut to fit, naming
   * it. The push replaces the branch only if it is where the checkout saw it
   * (`--force-with-lease`): a branch another run pushed meanwhile is refused
   * with a ConflictError, never overwritten.
   */
  async publish(
    checkout: GitopsCheckout,
    request: {
      branch: string;
      title: string;
      description: string;
      commitMessage: string;
    },
  ): Promise<PublishedChange> {
    const { client, gitAuth } = await this.#resolve();
    const opts = {
      cwd: checkout.dir,
      timeoutMs: this.settings.timeoutMs,
      auth: gitAuth,
      author: this.settings.author,
    };
    const forgeName = client.kind === 'github' ? 'GitHub' : 'GitLab';
    const crWord = client.kind === 'github' ? 'pull' : 'merge';
    // the branch as this checkout saw it (absent: undefined)
    const seen =
      this.#branchesSeen.get(checkout) ??
      (await this.#remoteBranches(checkout.dir, gitAuth));
    const expected = seen.get(request.branch);
    await runGit(['checkout', '--quiet', '-B', request.branch], opts);
    let description = request.description;
    if (description.length > client.descriptionMax) {
      const file = fullDescriptionFile(request.branch);
      const target = resolveSafeChildPath(checkout.dir, file);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, `${request.description}\n`, 'utf8');
      await runGit(['add', '--sparse', '--', file], opts);
      description = fitDescription(request.description, client.descriptionMax, {
        file,
        branch: request.branch,
        forge: forgeName,
      });
    }
    // through a file: the message of a wave of hundreds of instances is
    // longer than one command-line argument may be
    const messageFile = path.join(checkout.dir, '.git', 'PEGASE_COMMIT_MSG');
    await fs.writeFile(messageFile, request.commitMessage, 'utf8');
    await runGit(
      ['commit', '--quiet', '--no-verify', '--file', messageFile],
      opts,
    );
    const commit = (await runGit(['rev-parse', 'HEAD'], opts)).trim();
    const ref = `refs/heads/${request.branch}`;
    try {
      await runGit(
        [
          'push',
          '--quiet',
          `--force-with-lease=${ref}:${expected ?? ''}`,
          'origin',
          `HEAD:${ref}`,
        ],
        opts,
      );
    } catch (e) {
      const now = (await this.#remoteBranches(checkout.dir, gitAuth)).get(
        request.branch,
      );
      if (now === expected) throw e;
      throw await this.#refusal(client, request.branch, crWord, now);
    }
    const content = {
      sourceBranch: request.branch,
      targetBranch: this.settings.branch,
      title: request.title,
      description,
    };
    const existing = await client.findOpen(
      request.branch,
      this.settings.branch,
    );
    if (existing) {
      const updated = await client.update(existing.number, content);
      return {
        ...updated,
        branch: request.branch,
        commit,
        updated: true,
        forge: client.kind,
      };
    }
    let created: ChangeRequestRef;
    try {
      created = await client.create(content);
    } catch (e) {
      // another run opened it between findOpen and create
      if (e instanceof ConflictError)
        throw await this.#refusal(client, request.branch, crWord, commit);
      throw e;
    }
    return {
      ...created,
      branch: request.branch,
      commit,
      updated: false,
      forge: client.kind,
    };
  }

  /** The one refusal of a run that met another run on its branch. */
  async #refusal(
    client: ForgeClient,
    branch: string,
    crWord: string,
    head: string | undefined,
  ): Promise<ConflictError> {
    const open = await client
      .findOpen(branch, this.settings.branch)
      .catch(() => undefined);
    return new ConflictError(
      `Another run changed branch ${branch} while this one was running${
        head ? ` (now at ${head.slice(0, 12)})` : ''
      }${
        open
          ? `; its ${crWord} request is ${redactUrlCredentials(open.url)}`
          : ''
      }: this run changed nothing. Run the task again to update that ${crWord} request with this one.`,
    );
  }
}
