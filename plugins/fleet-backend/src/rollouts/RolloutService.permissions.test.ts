/*
 * Who may start, approve, abort and roll back, through the real Pégase policy
 * (PegasePermissionPolicy) and the catalog's permission rules applied to the
 * demo's instances (pegase-node's testUtils): a product team acts on
 * its own sandboxes only, ops on everything; each refusal is audited.
 */
import type { Knex } from 'knex';
import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import type { GitopsSnapshot } from '@pcscol/plugin-pegase-node';
import {
  fleetEntities,
  policyPermissions,
} from '@pcscol/plugin-pegase-node/testUtils';
import { RolloutService, type Caller } from './RolloutService';
import { RolloutStore } from './RolloutStore';
import {
  databaseServiceOf,
  rolloutTestDatabases,
} from './__testUtils__/database';
import { demoSnapshot, recordingAuditor } from './__testUtils__/demo';
import { FakeForge } from './__testUtils__/fakes';
import { testRolloutConfig } from './__testUtils__/rollouts';
import { ROLLOUT_RULES } from './__testUtils__/rules';

jest.setTimeout(60_000);
const databases = rolloutTestDatabases();

const OPS = 'user:default/ops-lead';
const DEV = 'user:default/dev-strasbourg';
const TEAM = 'equipe-strasbourg';

describe('rollout permissions, checked against every instance', () => {
  let knex: Knex;
  let snapshot: GitopsSnapshot;
  let service: RolloutService;
  let store: RolloutStore;
  let auditor: ReturnType<typeof recordingAuditor>;
  let target: string;
  const as = (user: string): Caller => ({
    credentials: mockCredentials.user(user),
    ctx: { via: 'test' },
  });
  /** Not already at the target (the planner skips those). */
  const moves = (i: { chartVersion: string }) => i.chartVersion !== target;
  const own = () =>
    snapshot.instances
      .filter(i => i.owner === TEAM && i.usage === 'sandbox' && moves(i))
      .map(i => i.name);

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_15');
    store = await RolloutStore.create(databaseServiceOf(knex));
    // the demo with every instance one release behind: each selected one moves
    const demo = await demoSnapshot();
    target = demo.releases[0].version;
    const before = demo.releases[1].version;
    snapshot = {
      ...demo,
      instances: demo.instances.map(i => ({ ...i, chartVersion: before })),
    };
  });
  beforeEach(() => {
    auditor = recordingAuditor();
    service = new RolloutService({
      store,
      forge: new FakeForge(),
      permissions: policyPermissions({
        entities: fleetEntities(snapshot),
        groups: {
          [OPS]: ['group:default/ops'],
          [DEV]: [`group:default/${TEAM}`],
        },
        rules: ROLLOUT_RULES,
      }),
      auditor,
      snapshot: async () => snapshot,
      config: testRolloutConfig(),
    });
  });

  it('lets a product team start a rollout of its own sandboxes', async () => {
    expect(own().length).toBeGreaterThan(0);
    const r = await service.start(as(DEV), {
      to: target,
      selection: { names: own() },
      strategy: { by: 'usage' },
      allowDowngrade: true,
    });
    expect(r.state).toBe('running');
    expect(r.createdBy).toBe(DEV);
    expect(auditor.refusals).toEqual([]);
  });

  it("refuses a product team's rollout that touches another team's sandbox, and audits it", async () => {
    const other = snapshot.instances.find(
      i => i.usage === 'sandbox' && i.owner !== TEAM && moves(i),
    )!;
    const before = (await store.list()).length;
    const attempt = service.start(as(DEV), {
      to: target,
      selection: { names: [...own(), other.name] },
      strategy: { by: 'usage' },
      allowDowngrade: true,
    });
    await expect(attempt).rejects.toThrow(NotAllowedError);
    await expect(attempt).rejects.toThrow(
      `pegase.rollout.start is not allowed on 1 instance(s) of the plan: narrow the selection to the instances you may upgrade (resource:default/${other.name})`,
    );
    expect(auditor.refusals).toEqual([
      {
        eventId: 'fleet-rollout-refused',
        meta: expect.objectContaining({
          entityRef: `resource:default/${other.name}`,
          permission: 'pegase.rollout.start',
          actor: DEV,
        }),
      },
    ]);
    expect((await store.list()).length).toBe(before);
  });

  it('says with the plan whether the caller may start it, auditing nothing', async () => {
    const other = snapshot.instances.find(
      i => i.usage === 'sandbox' && i.owner !== TEAM && moves(i),
    )!;
    const prod = snapshot.instances.find(
      i => i.usage === 'production' && moves(i),
    )!;
    const input = (names: string[]) => ({
      to: target,
      selection: { names },
      strategy: { by: 'usage' as const },
      allowDowngrade: true,
    });
    expect((await service.plan(input(own()), as(DEV))).start).toEqual({
      allowed: true,
    });
    expect(
      (await service.plan(input([...own(), other.name]), as(DEV))).start,
    ).toEqual({
      allowed: false,
      reason: `pegase.rollout.start is not allowed on 1 instance(s) of the plan (resource:default/${other.name})`,
    });
    expect((await service.plan(input([prod.name]), as(OPS))).start).toEqual({
      allowed: true,
    });
    // without a caller (no user asked), the plan alone
    expect((await service.plan(input(own()))).start).toBeUndefined();
    expect(auditor.refusals).toEqual([]);
  });

  it("refuses a product team's own production instance; ops may", async () => {
    const prod = snapshot.instances.find(
      i => i.usage === 'production' && moves(i),
    )!;
    const input = {
      to: target,
      selection: { names: [prod.name] },
      strategy: { by: 'usage' as const },
      allowDowngrade: true,
    };
    await expect(service.start(as(DEV), input)).rejects.toThrow(
      /pegase.rollout.start is not allowed on 1 instance/,
    );
    const r = await service.start(as(OPS), input);
    expect(r.waves).toHaveLength(1);
    expect(r.waves[0].requiresApproval).toBe(true);
  });

  it('approve, abort and roll back: refused to a team outside its sandboxes, allowed to ops', async () => {
    const prod = snapshot.instances.filter(
      i => i.usage === 'production' && moves(i),
    );
    const r = await service.start(as(OPS), {
      to: target,
      selection: { names: [...own(), prod[0].name] },
      strategy: { by: 'usage' },
      allowDowngrade: true,
    });
    const prodWave = r.waves.findIndex(w => w.name === 'production');
    await expect(service.approve(as(DEV), r.id, prodWave)).rejects.toThrow(
      /pegase.rollout.approve is not allowed on 1 instance\(s\) of wave production/,
    );
    await expect(service.abort(as(DEV), r.id)).rejects.toThrow(
      /pegase.rollout.manage is not allowed/,
    );
    await expect(service.pause(as(DEV), r.id)).rejects.toThrow(
      /pegase.rollout.manage is not allowed/,
    );
    await expect(service.rollback(as(DEV), r.id, prodWave)).rejects.toThrow(
      /pegase.rollout.rollback is not allowed/,
    );
    expect(auditor.refusals.map(a => a.meta.permission)).toEqual([
      'pegase.rollout.approve',
      'pegase.rollout.manage',
      'pegase.rollout.manage',
      'pegase.rollout.rollback',
    ]);
    expect((await service.get(r.id)).state).toBe('running');

    const approved = await service.approve(as(OPS), r.id, prodWave);
    expect(approved.waves[prodWave].approvedBy).toBe(OPS);
    const aborted = await service.abort(as(OPS), r.id);
    expect(aborted.state).toBe('aborted');
  });

  it("answers which actions the caller may take: none to a team on another team's rollout, each to ops", async () => {
    const others = snapshot.instances
      .filter(i => i.usage === 'sandbox' && i.owner !== TEAM && moves(i))
      .map(i => i.name);
    const prod = snapshot.instances.find(
      i => i.usage === 'production' && moves(i),
    )!;
    const r = await service.start(as(OPS), {
      to: target,
      selection: { names: [...others, prod.name] },
      strategy: { by: 'usage' },
      allowDowngrade: true,
    });
    const prodWave = r.waves.findIndex(w => w.name === 'production');
    expect(prodWave).toBeGreaterThan(0);
    // the first wave merged, the production one waiting for its approval
    await store.transitionWave(r.id, 0, ['pending'], {
      state: 'merged',
      changeRequest: { forge: 'gitlab', branch: 'b', state: 'merged' },
    });
    await store.transitionWave(r.id, prodWave, ['pending'], {
      state: 'awaiting-approval',
    });
    const rollout = await service.get(r.id);

    expect(await service.allowed(as(DEV), rollout)).toEqual({
      pause: false,
      resume: false,
      abort: false,
      approve: [],
      rollback: [],
    });
    expect(await service.allowed(as(OPS), rollout)).toEqual({
      pause: true,
      resume: false,
      abort: true,
      approve: [prodWave],
      rollback: [0],
    });
    // a read audits nothing
    expect(auditor.refusals).toEqual([]);

    const paused = await service.pause(as(OPS), r.id);
    expect(await service.allowed(as(OPS), paused)).toMatchObject({
      pause: false,
      resume: true,
      abort: true,
    });
    const aborted = await service.abort(as(OPS), r.id);
    expect(await service.allowed(as(OPS), aborted)).toEqual({
      pause: false,
      resume: false,
      abort: false,
      approve: [],
      rollback: [0],
    });
  });

  it('answers a team that it may pause and abort a rollout of its own sandboxes', async () => {
    const r = await service.start(as(DEV), {
      to: target,
      selection: { names: own() },
      strategy: { by: 'usage' },
      allowDowngrade: true,
    });
    expect(await service.allowed(as(DEV), r)).toEqual({
      pause: true,
      resume: false,
      abort: true,
      approve: [],
      rollback: [],
    });
  });

  it('a team may pause, resume and abort a rollout of its own sandboxes', async () => {
    const r = await service.start(as(DEV), {
      to: target,
      selection: { names: own() },
      strategy: { by: 'usage' },
      allowDowngrade: true,
    });
    expect((await service.pause(as(DEV), r.id, 'lunch')).stateReason).toBe(
      'lunch',
    );
    expect((await service.resume(as(DEV), r.id)).state).toBe('running');
    expect((await service.abort(as(DEV), r.id)).state).toBe('aborted');
    const kinds = (await service.events(r.id)).map(e => e.kind);
    expect(kinds).toEqual([
      'started',
      'paused',
      'resumed',
      'aborted',
      ...kinds.slice(4),
    ]);
  });
});
