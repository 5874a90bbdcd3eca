/*
 * The rollout actions as an MCP client calls them (the actions registry's
 * invoke validates input and output against each action's schema), on
 * PostgreSQL, with the Pégase policy and fakes of the forge.
 */
import type { Knex } from 'knex';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { GitopsSnapshot } from '@pcscol/plugin-pegase-node';
import {
  fleetEntities,
  policyPermissions,
} from '@pcscol/plugin-pegase-node/testUtils';
import { registerRolloutActions } from './rolloutActions';
import { RolloutAdvancer } from './RolloutAdvancer';
import { RolloutService } from './RolloutService';
import { RolloutStore } from './RolloutStore';
import {
  databaseServiceOf,
  rolloutTestDatabases,
} from './__testUtils__/database';
import { demoSnapshot, recordingAuditor } from './__testUtils__/demo';
import {
  FakeAlerts,
  FakeForge,
  FakeOpener,
  FakeStatuses,
} from './__testUtils__/fakes';
import { testLogger, testRolloutConfig } from './__testUtils__/rollouts';
import { ROLLOUT_RULES } from './__testUtils__/rules';

jest.setTimeout(60_000);
const databases = rolloutTestDatabases();
const OPS = 'user:default/ops-lead';
const DEV = 'user:default/dev';

describe('the rollout actions', () => {
  let knex: Knex;
  let snapshot: GitopsSnapshot;
  let registry: ReturnType<typeof actionsRegistryServiceMock>;
  let forge: FakeForge;
  let advancer: RolloutAdvancer;
  let target: string;
  const invoke = async (id: string, input: any, user = OPS) =>
    (
      await registry.invoke({
        id: `test:${id}`,
        input,
        credentials: mockCredentials.user(user),
      })
    ).output as any;

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_15');
    const store = await RolloutStore.create(databaseServiceOf(knex));
    const demo = await demoSnapshot();
    target = demo.releases[0].version;
    snapshot = {
      ...demo,
      instances: demo.instances.map(i => ({
        ...i,
        chartVersion: demo.releases[1].version,
      })),
    };
    forge = new FakeForge();
    const config = testRolloutConfig();
    const service = new RolloutService({
      store,
      forge,
      permissions: policyPermissions({
        entities: fleetEntities(snapshot),
        groups: { [OPS]: ['group:default/ops'], [DEV]: [] },
        rules: ROLLOUT_RULES,
      }),
      auditor: recordingAuditor(),
      snapshot: async () => snapshot,
      config,
    });
    advancer = new RolloutAdvancer({
      store,
      forge,
      opener: new FakeOpener(forge),
      statuses: new FakeStatuses(),
      alerts: new FakeAlerts(),
      config,
      logger: testLogger(),
      owner: 'test',
    });
    registry = actionsRegistryServiceMock({
      logger: mockServices.logger.mock(),
    });
    registerRolloutActions({ actionsRegistry: registry, rollouts: service });
  });

  it('are listed with their names', async () => {
    const { actions } = await registry.list();
    expect(actions.map(a => a.name).sort()).toEqual([
      'abort-rollout',
      'approve-rollout-wave',
      'get-rollout',
      'list-rollouts',
      'pause-rollout',
      'resume-rollout',
      'rollback-rollout-wave',
      'start-rollout',
    ]);
  });

  it('start, list, get, approve, pause, resume, roll back and abort a rollout', async () => {
    const names = snapshot.instances
      .filter(i => i.region === snapshot.instances[0].region)
      .map(i => i.name);
    const { rollout } = await invoke('start-rollout', {
      to: target,
      names,
      by: 'usage',
      canary: 1,
    });
    expect(rollout.state).toBe('running');
    expect(rollout.waves[0]).toMatchObject({
      name: 'canary',
      state: 'pending',
    });
    expect(rollout.waves[0].instances).toHaveLength(1);
    expect(rollout.waves[0].instances[0]).toMatch(/ \(.+\)$/);

    const { rollouts } = await invoke('list-rollouts', { state: 'running' });
    expect(rollouts.map((r: any) => r.id)).toContain(rollout.id);

    await advancer.tick();
    const got = await invoke('get-rollout', { id: rollout.id });
    expect(got.rollout.waves[0]).toMatchObject({
      state: 'open',
      changeRequest: forge.requests[0].url,
      changeRequestState: 'open',
    });
    expect(got.events.map((e: any) => e.message)).toEqual([
      expect.stringMatching(/^started: \d+ instance\(s\) to /),
      expect.stringMatching(/^opening the change request of wave canary/),
      expect.stringMatching(/^opened change request/),
    ]);

    const prod = rollout.waves.findIndex((w: any) => w.name === 'production');
    expect(rollout.waves[prod].requiresApproval).toBe(true);
    const approved = await invoke('approve-rollout-wave', {
      id: rollout.id,
      wave: prod,
    });
    expect(approved.rollout.waves[prod].approvedBy).toBe(OPS);

    expect(
      (await invoke('pause-rollout', { id: rollout.id, reason: 'freeze' }))
        .rollout,
    ).toMatchObject({ state: 'paused', stateReason: 'freeze' });
    expect(
      (await invoke('resume-rollout', { id: rollout.id })).rollout.state,
    ).toBe('running');

    forge.mergeAllOpen();
    await advancer.tick();
    const back = await invoke('rollback-rollout-wave', {
      id: rollout.id,
      wave: 0,
    });
    expect(back.rollout.state).toBe('paused');
    expect(back.rollout.waves[0].state).toBe('rolling-back');
    await advancer.tick();
    expect(
      (await invoke('get-rollout', { id: rollout.id })).rollout.waves[0],
    ).toMatchObject({
      state: 'rolled-back',
      rollbackChangeRequest: forge.requests[1].url,
    });

    const aborted = await invoke('abort-rollout', { id: rollout.id });
    expect(aborted.rollout.state).toBe('aborted');
  });

  it('refuse a user outside the instances, naming the permission', async () => {
    await expect(
      invoke(
        'start-rollout',
        { to: target, names: [snapshot.instances[0].name], by: 'none' },
        DEV,
      ),
    ).rejects.toThrow(/pegase.rollout.start is not allowed on 1 instance/);
  });

  it('refuse bad input naming the field', async () => {
    await expect(invoke('get-rollout', { id: 'nope' })).rejects.toThrow(/id/);
  });
});
