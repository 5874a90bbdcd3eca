/*
 * What a user (a route or an action) may do to rollouts: list, get, plan,
 * start, approve a wave, pause, resume, abort, roll a wave back. Each write
 * is checked against every instance it touches (refusals audited), then
 * recorded as a guarded transition; the change requests themselves are
 * opened by the advancer (abort closes them here).
 */
import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  pegaseInstanceUpgradeProductionPermission,
  pegaseRolloutApprovePermission,
  pegaseRolloutManagePermission,
  pegaseRolloutRollbackPermission,
  pegaseRolloutStartPermission,
} from '@pcscol/plugin-pegase-common';
import {
  actorOf,
  auditAccessRefusal,
  FleetPlanError,
  type AccessContext,
  type GitopsSnapshot,
} from '@pcscol/plugin-pegase-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { planRollout } from './planWaves';
import type { ChangeRequestForge } from './ports';
import { rollbackBranch } from './RolloutAdvancer';
import type { RolloutStore } from './RolloutStore';
import type {
  Rollout,
  RolloutAllowedActions,
  RolloutEvent,
  RolloutPlan,
  RolloutSelection,
  RolloutSummary,
  RolloutWave,
  RolloutWaveStrategy,
} from '@pcscol/plugin-pegase-common';
import type { RolloutConfig } from './types';

/** Audit event of a refused rollout write. */
export const ROLLOUT_REFUSAL_EVENT = 'fleet-rollout-refused';

/** Who asks, and from where (for the audit). */
export interface Caller {
  credentials: BackstageCredentials;
  ctx: AccessContext;
}

export interface StartInput {
  to: string;
  selection: RolloutSelection;
  strategy: RolloutWaveStrategy;
  allowDowngrade?: boolean;
}

export class RolloutService {
  constructor(
    private readonly deps: {
      store: RolloutStore;
      forge: ChangeRequestForge;
      permissions: PermissionsService;
      auditor: AuditorService;
      snapshot: () => Promise<GitopsSnapshot>;
      config: RolloutConfig;
    },
  ) {}

  /**
   * Checks `permission` on every instance; refuses naming the first few it
   * may not touch, each refusal audited.
   */
  /**
   * Which of `refs` the caller holds each permission on: one conditional
   * decision per permission, then one batched call for those that depend on
   * the instance. Audits nothing (the writes audit their refusals).
   */
  async #allowedRefs(
    caller: Caller,
    perms: ResourcePermission[],
    refs: string[],
  ): Promise<Map<string, Set<string>>> {
    const { permissions } = this.deps;
    const unique = [...new Set(refs)];
    const out = new Map<string, Set<string>>(
      perms.map(p => [p.name, new Set<string>()]),
    );
    if (unique.length === 0 || perms.length === 0) return out;
    const overall = await permissions.authorizeConditional(
      perms.map(permission => ({ permission })),
      { credentials: caller.credentials },
    );
    const conditional = perms.filter((p, i) => {
      if (overall[i]?.result === AuthorizeResult.ALLOW)
        out.set(p.name, new Set(unique));
      return overall[i]?.result === AuthorizeResult.CONDITIONAL;
    });
    if (conditional.length === 0) return out;
    const requests = conditional.flatMap(permission =>
      unique.map(resourceRef => ({ permission, resourceRef })),
    );
    const decisions = await permissions.authorize(requests, {
      credentials: caller.credentials,
    });
    requests.forEach((r, i) => {
      if (decisions[i]?.result === AuthorizeResult.ALLOW)
        out.get(r.permission.name)!.add(r.resourceRef);
    });
    return out;
  }

  /**
   * Checks `permission` on every instance; refuses naming the first few it
   * may not touch, each refusal audited.
   */
  async #authorize(
    caller: Caller,
    permission: ResourcePermission,
    refs: string[],
    what: string,
  ) {
    const { auditor } = this.deps;
    const unique = [...new Set(refs)];
    if (unique.length === 0) return;
    const granted = (await this.#allowedRefs(caller, [permission], unique)).get(
      permission.name,
    )!;
    const refused = unique.filter(r => !granted.has(r));
    if (refused.length === 0) return;
    const error = new NotAllowedError(
      `${permission.name} is not allowed on ${
        refused.length
      } instance(s) ${what} (${refused.slice(0, 5).join(', ')}${
        refused.length > 5 ? ', …' : ''
      })`,
    );
    // one record per refused instance, at most 20 (the message counts them all)
    for (const entityRef of refused.slice(0, 20)) {
      await auditAccessRefusal(
        auditor,
        ROLLOUT_REFUSAL_EVENT,
        { ...caller.ctx, credentials: caller.credentials },
        { entityRef, permission: permission.name, error },
      );
    }
    throw error;
  }

  async #get(id: string): Promise<Rollout> {
    const r = await this.deps.store.get(id);
    if (!r) throw new NotFoundError(`no rollout '${id}'`);
    return r;
  }

  #plan(snapshot: GitopsSnapshot, input: StartInput): RolloutPlan {
    try {
      return planRollout(snapshot, input);
    } catch (e) {
      if (e instanceof FleetPlanError) throw new InputError(e.message);
      throw e;
    }
  }

  list(filter?: { state?: Rollout['state'][] }): Promise<RolloutSummary[]> {
    return this.deps.store.list(filter);
  }

  get(id: string): Promise<Rollout> {
    return this.#get(id);
  }

  /**
   * What `caller` may do to `rollout` now: the state rules of each write and
   * its permission on every instance concerned (manage: all of them; approve
   * and roll back: the wave's), decided in one batch.
   */
  async allowed(
    caller: Caller,
    rollout: Rollout,
  ): Promise<RolloutAllowedActions> {
    const live = rollout.state === 'running' || rollout.state === 'paused';
    const approvable = rollout.waves.filter(
      w => live && w.state === 'awaiting-approval',
    );
    const rollbackable = rollout.waves.filter(
      w =>
        w.changeRequest?.state === 'merged' &&
        ['merged', 'passed', 'failed'].includes(w.state),
    );
    const perms = [
      ...(live ? [pegaseRolloutManagePermission] : []),
      ...(approvable.length ? [pegaseRolloutApprovePermission] : []),
      ...(rollbackable.length ? [pegaseRolloutRollbackPermission] : []),
    ];
    const refsOf = (w: RolloutWave) => w.instances.map(i => i.entityRef);
    const granted = await this.#allowedRefs(
      caller,
      perms,
      rollout.waves.flatMap(refsOf),
    );
    const onEvery = (name: string, refs: string[]) =>
      refs.length > 0 && refs.every(r => granted.get(name)?.has(r));
    const manage = onEvery(
      pegaseRolloutManagePermission.name,
      rollout.waves.flatMap(refsOf),
    );
    const rolledBack = rollout.waves.some(
      w => w.state === 'rolled-back' || w.state === 'rolling-back',
    );
    return {
      pause: manage && rollout.state === 'running',
      resume: manage && rollout.state === 'paused' && !rolledBack,
      abort: manage && live,
      approve: approvable
        .filter(w => onEvery(pegaseRolloutApprovePermission.name, refsOf(w)))
        .map(w => w.index),
      rollback: rollbackable
        .filter(w => onEvery(pegaseRolloutRollbackPermission.name, refsOf(w)))
        .map(w => w.index),
    };
  }

  async events(id: string): Promise<RolloutEvent[]> {
    await this.#get(id);
    return this.deps.store.events(id);
  }

  /**
   * The waves a start would make (nothing stored); with a caller, whether it
   * may start them (`start`): the start's checks, batched, nothing audited.
   */
  async plan(input: StartInput, caller?: Caller): Promise<RolloutPlan> {
    const plan = this.#plan(await this.deps.snapshot(), input);
    if (!caller) return plan;
    return { ...plan, start: await this.#mayStart(caller, plan) };
  }

  async #mayStart(
    caller: Caller,
    plan: RolloutPlan,
  ): Promise<NonNullable<RolloutPlan['start']>> {
    const instances = plan.waves.flatMap(w => w.instances);
    const refs = [...new Set(instances.map(i => i.entityRef))];
    const granted = (
      await this.#allowedRefs(caller, [pegaseRolloutStartPermission], refs)
    ).get(pegaseRolloutStartPermission.name)!;
    const refused = refs.filter(r => !granted.has(r));
    if (refused.length > 0) {
      return {
        allowed: false,
        reason: `${pegaseRolloutStartPermission.name} is not allowed on ${
          refused.length
        } instance(s) of the plan (${refused.slice(0, 5).join(', ')}${
          refused.length > 5 ? ', …' : ''
        })`,
      };
    }
    const production = instances.filter(i => i.usage === 'production');
    if (production.length > 0) {
      const [d] = await this.deps.permissions.authorize(
        [{ permission: pegaseInstanceUpgradeProductionPermission }],
        { credentials: caller.credentials },
      );
      if (d.result !== AuthorizeResult.ALLOW) {
        return {
          allowed: false,
          reason: `${production.length} production instance(s) in the plan: upgrading production needs ${pegaseInstanceUpgradeProductionPermission.name}`,
        };
      }
    }
    return { allowed: true };
  }

  async start(caller: Caller, input: StartInput): Promise<Rollout> {
    const plan = this.#plan(await this.deps.snapshot(), input);
    const instances = plan.waves.flatMap(w => w.instances);
    await this.#authorize(
      caller,
      pegaseRolloutStartPermission,
      instances.map(i => i.entityRef),
      'of the plan: narrow the selection to the instances you may upgrade',
    );
    const production = instances.filter(i => i.usage === 'production');
    if (production.length > 0) {
      const [d] = await this.deps.permissions.authorize(
        [{ permission: pegaseInstanceUpgradeProductionPermission }],
        { credentials: caller.credentials },
      );
      if (d.result !== AuthorizeResult.ALLOW) {
        const error = new NotAllowedError(
          `${production.length} production instance(s) in the plan: upgrading production needs ${pegaseInstanceUpgradeProductionPermission.name}`,
        );
        await auditAccessRefusal(
          this.deps.auditor,
          ROLLOUT_REFUSAL_EVENT,
          { ...caller.ctx, credentials: caller.credentials },
          {
            entityRef: production[0].entityRef,
            permission: pegaseInstanceUpgradeProductionPermission.name,
            error,
          },
        );
        throw error;
      }
    }
    const actor = actorOf(caller.credentials);
    const id = randomUUID();
    return this.deps.store.insert(
      {
        id,
        targetVersion: plan.to,
        selection: input.selection,
        strategy: input.strategy,
        createdBy: actor,
        createdAt: new Date().toISOString(),
        waves: plan.waves.map((w, index) => ({
          index,
          name: w.name,
          state: 'pending',
          instances: w.instances,
          requiresApproval:
            this.deps.config.productionApprovalRequired &&
            w.instances.some(i => i.usage === 'production'),
        })),
      },
      {
        actor,
        kind: 'started',
        message: `started: ${instances.length} instance(s) to ${plan.to} in ${
          plan.waves.length
        } wave(s) (${plan.waves
          .map(w => `${w.name}: ${w.instances.length}`)
          .join(', ')})${
          plan.skipped.length ? `; ${plan.skipped.length} skipped` : ''
        }`,
      },
    );
  }

  async approve(
    caller: Caller,
    id: string,
    waveIndex: number,
  ): Promise<Rollout> {
    const rollout = await this.#get(id);
    const wave = rollout.waves[waveIndex];
    if (!wave) throw new InputError(`rollout ${id} has no wave ${waveIndex}`);
    await this.#authorize(
      caller,
      pegaseRolloutApprovePermission,
      wave.instances.map(i => i.entityRef),
      `of wave ${wave.name}`,
    );
    const actor = actorOf(caller.credentials);
    const ok = await this.deps.store.transitionWave(
      id,
      waveIndex,
      ['awaiting-approval', 'pending'],
      {
        state: 'pending',
        approvedBy: actor,
        approvedAt: new Date().toISOString(),
      },
      { actor, kind: 'approved', message: `approved wave ${wave.name}` },
    );
    if (!ok) {
      throw new ConflictError(
        `wave ${wave.name} is ${wave.state}: only a pending wave or one awaiting approval can be approved`,
      );
    }
    return this.#get(id);
  }

  async pause(caller: Caller, id: string, reason?: string): Promise<Rollout> {
    const rollout = await this.#get(id);
    await this.#authorizeAll(caller, rollout);
    const actor = actorOf(caller.credentials);
    const why = reason?.trim() || `paused by ${actor}`;
    if (
      !(await this.deps.store.transitionRollout(
        id,
        ['running'],
        'paused',
        why,
        {
          actor,
          kind: 'paused',
          message: why,
        },
      ))
    ) {
      throw new ConflictError(`rollout ${id} is ${rollout.state}, not running`);
    }
    return this.#get(id);
  }

  async resume(caller: Caller, id: string): Promise<Rollout> {
    const rollout = await this.#get(id);
    await this.#authorizeAll(caller, rollout);
    const back = rollout.waves.find(
      w => w.state === 'rolled-back' || w.state === 'rolling-back',
    );
    if (back) {
      throw new ConflictError(
        `wave ${back.name} was rolled back: abort this rollout and start a new one`,
      );
    }
    const actor = actorOf(caller.credentials);
    if (
      !(await this.deps.store.transitionRollout(
        id,
        ['paused'],
        'running',
        undefined,
        { actor, kind: 'resumed', message: `resumed by ${actor}` },
      ))
    ) {
      throw new ConflictError(`rollout ${id} is ${rollout.state}, not paused`);
    }
    // a failed wave is judged again, its timeout from now
    for (const w of rollout.waves.filter(x => x.state === 'failed')) {
      const merged = w.changeRequest?.state === 'merged';
      await this.deps.store.transitionWave(
        id,
        w.index,
        ['failed'],
        merged
          ? {
              state: 'merged',
              mergedAt: new Date().toISOString(),
              healthySince: null,
            }
          : { state: 'pending', changeRequest: undefined },
        {
          actor,
          kind: 'wave-retried',
          message: merged
            ? `wave ${w.name}: its gate is judged again`
            : `wave ${w.name}: its change request will be opened again`,
        },
      );
    }
    return this.#get(id);
  }

  async abort(caller: Caller, id: string, reason?: string): Promise<Rollout> {
    const rollout = await this.#get(id);
    await this.#authorizeAll(caller, rollout);
    const actor = actorOf(caller.credentials);
    const why = reason?.trim() || `aborted by ${actor}`;
    if (
      !(await this.deps.store.transitionRollout(
        id,
        ['running', 'paused'],
        'aborted',
        why,
        { actor, kind: 'aborted', message: why },
      ))
    ) {
      throw new ConflictError(`rollout ${id} is already ${rollout.state}`);
    }
    // the unmerged change requests are closed; waves not started are dropped
    for (const w of rollout.waves) {
      if (
        !['pending', 'awaiting-approval', 'opening', 'open'].includes(w.state)
      )
        continue;
      let cr = w.changeRequest;
      if (cr && (w.state === 'opening' || w.state === 'open')) {
        const found =
          cr.number !== undefined
            ? await this.deps.forge.get(cr.number)
            : await this.deps.forge.findByBranch(cr.branch);
        if (found?.state === 'open') {
          await this.deps.forge.close(found.number);
          cr = { ...cr, number: found.number, url: found.url, state: 'closed' };
        } else if (found) {
          cr = {
            ...cr,
            number: found.number,
            url: found.url,
            state: found.state,
          };
        }
      }
      await this.deps.store.transitionWave(
        id,
        w.index,
        [w.state],
        { state: 'aborted', ...(cr ? { changeRequest: cr } : {}) },
        {
          actor,
          kind: 'wave-aborted',
          message:
            cr?.state === 'closed'
              ? `wave ${w.name}: change request ${cr.url} closed`
              : `wave ${w.name}: not started`,
        },
      );
    }
    return this.#get(id);
  }

  async rollback(
    caller: Caller,
    id: string,
    waveIndex: number,
  ): Promise<Rollout> {
    const rollout = await this.#get(id);
    const wave = rollout.waves[waveIndex];
    if (!wave) throw new InputError(`rollout ${id} has no wave ${waveIndex}`);
    await this.#authorize(
      caller,
      pegaseRolloutRollbackPermission,
      wave.instances.map(i => i.entityRef),
      `of wave ${wave.name}`,
    );
    if (wave.changeRequest?.state !== 'merged') {
      throw new ConflictError(
        `wave ${wave.name} is ${wave.state}: only a wave whose change request was merged can be rolled back (abort closes the others)`,
      );
    }
    const actor = actorOf(caller.credentials);
    await this.deps.store.transitionRollout(
      id,
      ['running'],
      'paused',
      `wave ${wave.name} is being rolled back`,
      {
        actor,
        kind: 'paused',
        message: `paused for the roll back of wave ${wave.name}`,
      },
    );
    // the intent; the advancer opens (or finds) the change request of that branch
    const ok = await this.deps.store.transitionWave(
      id,
      waveIndex,
      ['merged', 'passed', 'failed'],
      {
        state: 'rolling-back',
        rollbackChangeRequest: {
          forge: this.deps.forge.kind,
          branch: rollbackBranch(id, wave),
          state: 'opening',
        },
      },
      {
        actor,
        kind: 'rollback-requested',
        message: `roll back of wave ${wave.name} requested: ${wave.instances.length} instance(s) back to the versions they had`,
      },
    );
    if (!ok)
      throw new ConflictError(`wave ${wave.name} changed meanwhile; retry`);
    return this.#get(id);
  }

  #authorizeAll(caller: Caller, rollout: Rollout) {
    return this.#authorize(
      caller,
      pegaseRolloutManagePermission,
      rollout.waves.flatMap(w => w.instances.map(i => i.entityRef)),
      `of rollout ${rollout.id}`,
    );
  }
}
