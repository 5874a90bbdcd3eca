/*
 * The rollout routes through the whole plugin: a test backend with the fleet
 * plugin on real PostgreSQL, the GitOps repository over git HTTP and the
 * GitLab stand-in (port 0), the Pégase policy deciding on the fleet's
 * instances.
 */
import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  directoryFileSource,
  readGitopsRepository,
  type GitopsSnapshot,
} from '@pcscol/plugin-pegase-node';
import {
  fleetDir,
  fleetEntities,
  policyPermissions,
  startPeers,
  type Peers,
} from '@pcscol/plugin-pegase-node/testUtils';
import { fleetPlugin } from '../plugin';
import { rolloutTestDatabases } from './__testUtils__/database';
import { ROLLOUT_RULES } from './__testUtils__/rules';

jest.setTimeout(90_000);
const databases = rolloutTestDatabases();

const OPS = 'user:default/ops-lead';
const DEV = 'user:default/dev';

describe('/api/fleet/rollouts', () => {
  let peers: Peers;
  let server: any;
  let snapshot: GitopsSnapshot;
  let team: string;
  let target: string;
  const as = (user: string) => ({
    authorization: mockCredentials.user.header(user),
  });
  const ownSandboxes = () =>
    snapshot.instances
      .filter(i => i.owner === team && i.usage === 'sandbox')
      .filter(i => i.chartVersion !== target)
      .map(i => i.name);

  beforeAll(async () => {
    peers = await startPeers({ instances: 40 });
    snapshot = await readGitopsRepository(directoryFileSource(fleetDir(40)), {
      loadOpenApi: false,
    });
    // a release some team's sandboxes do not run yet
    const candidate = (version: string) =>
      snapshot.instances.find(
        i =>
          i.usage === 'sandbox' &&
          i.owner !== 'ops' &&
          i.chartVersion !== version,
      );
    target = snapshot.releases.find(r => candidate(r.version))!.version;
    team = candidate(target)!.owner;
    const knex = await databases.init('POSTGRES_15');
    const permissions = policyPermissions({
      entities: fleetEntities(snapshot),
      groups: {
        [OPS]: ['group:default/ops'],
        [DEV]: [`group:default/${team}`],
      },
      rules: ROLLOUT_RULES,
    });
    ({ server } = await startTestBackend({
      features: [
        fleetPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...(peers.config.get() as any),
            catalog: {
              providers: {
                pegase: { source: { type: 'dir', path: fleetDir(40) } },
              },
            },
            pegase: {
              ...(peers.config.get('pegase') as any),
              fleet: {
                argocdTimeoutSeconds: 1,
                rollouts: { enabled: false },
              },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [] }),
        createServiceFactory({
          service: coreServices.permissions,
          deps: {},
          factory: () => permissions,
        }),
      ],
    }));
  });
  afterAll(() => peers.stop());

  it('plans, starts, reads, pauses, resumes and aborts, each checked against the instances', async () => {
    const list = await request(server).get('/api/fleet/rollouts').set(as(DEV));
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [] });

    const body = {
      to: target,
      selection: { usage: ['sandbox', 'production'] },
      strategy: { by: 'usage', canary: 1 },
      allowDowngrade: true,
    };
    const plan = await request(server)
      .post('/api/fleet/rollouts/plan')
      .set(as(DEV))
      .send(body);
    expect(plan.status).toBe(200);
    expect(plan.body.waves.map((w: any) => w.name)).toEqual([
      'canary',
      'sandbox',
      'production',
    ]);
    expect(plan.body.waves[0].instances).toHaveLength(1);
    // the plan says the team may not start it (the UI hides its Start), and why
    expect(plan.body.start).toEqual({
      allowed: false,
      reason: expect.stringMatching(
        /^pegase.rollout.start is not allowed on \d+ instance\(s\) of the plan/,
      ),
    });

    // every sandbox and production: not the team's to start
    const refused = await request(server)
      .post('/api/fleet/rollouts')
      .set(as(DEV))
      .send(body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /^pegase.rollout.start is not allowed on \d+ instance\(s\) of the plan/,
    );

    const own = await request(server)
      .post('/api/fleet/rollouts')
      .set(as(DEV))
      .send({
        to: target,
        selection: { names: ownSandboxes() },
        allowDowngrade: true,
      });
    expect(own.status).toBe(201);
    expect(own.body.waves.map((w: any) => w.state)).toEqual(['pending']);

    const started = await request(server)
      .post('/api/fleet/rollouts')
      .set(as(OPS))
      .send(body);
    expect(started.status).toBe(201);
    const id = started.body.id;
    expect(started.body.waves.at(-1)).toMatchObject({
      name: 'production',
      requiresApproval: true,
    });

    const one = await request(server)
      .get(`/api/fleet/rollouts/${id}`)
      .set(as(DEV));
    expect(one.status).toBe(200);
    expect(one.body.events.map((e: any) => e.kind)).toEqual(['started']);
    // the team may read it, but take none of its actions; ops may
    expect(one.body.allowed).toEqual({
      pause: false,
      resume: false,
      abort: false,
      approve: [],
      rollback: [],
    });
    const asOps = await request(server)
      .get(`/api/fleet/rollouts/${id}`)
      .set(as(OPS));
    expect(asOps.body.allowed).toMatchObject({ pause: true, abort: true });

    expect(
      (
        await request(server)
          .post(`/api/fleet/rollouts/${id}/pause`)
          .set(as(DEV))
      ).status,
    ).toBe(403);
    const paused = await request(server)
      .post(`/api/fleet/rollouts/${id}/pause`)
      .set(as(OPS))
      .send({ reason: 'change freeze' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      state: 'paused',
      stateReason: 'change freeze',
    });
    expect(
      (
        await request(server)
          .post(`/api/fleet/rollouts/${id}/pause`)
          .set(as(OPS))
      ).status,
    ).toBe(409);
    expect(
      (
        await request(server)
          .post(`/api/fleet/rollouts/${id}/resume`)
          .set(as(OPS))
      ).body.state,
    ).toBe('running');

    const prodWave = started.body.waves.length - 1;
    expect(
      (
        await request(server)
          .post(`/api/fleet/rollouts/${id}/waves/${prodWave}/approve`)
          .set(as(DEV))
      ).status,
    ).toBe(403);
    const approved = await request(server)
      .post(`/api/fleet/rollouts/${id}/waves/${prodWave}/approve`)
      .set(as(OPS));
    expect(approved.status).toBe(200);
    expect(approved.body.waves[prodWave].approvedBy).toBe(OPS);
    expect(
      (
        await request(server)
          .post(`/api/fleet/rollouts/${id}/waves/0/rollback`)
          .set(as(OPS))
      ).status,
    ).toBe(409);

    expect(
      (
        await request(server)
          .post(`/api/fleet/rollouts/${id}/abort`)
          .set(as(DEV))
      ).status,
    ).toBe(403);
    const aborted = await request(server)
      .post(`/api/fleet/rollouts/${id}/abort`)
      .set(as(OPS));
    expect(aborted.body.state).toBe('aborted');

    const onlyAborted = await request(server)
      .get('/api/fleet/rollouts?state=aborted')
      .set(as(DEV));
    expect(onlyAborted.body.items.map((r: any) => r.id)).toEqual([id]);
    const all = await request(server).get('/api/fleet/rollouts').set(as(DEV));
    expect(all.body.items.map((r: any) => r.state).sort()).toEqual([
      'aborted',
      'running',
    ]);
  });

  it('refuses bad input naming it', async () => {
    const noTarget = await request(server)
      .post('/api/fleet/rollouts')
      .set(as(OPS))
      .send({ selection: {} });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error.message).toMatch(/to/);
    const badId = await request(server)
      .get('/api/fleet/rollouts/not-an-id')
      .set(as(OPS));
    expect(badId.status).toBe(400);
    const unknown = await request(server)
      .post('/api/fleet/rollouts')
      .set(as(OPS))
      .send({ to: '99.0.0', selection: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /unknown target version '99.0.0'/,
    );
    const missing = await request(server)
      .get('/api/fleet/rollouts/00000000-0000-4000-8000-000000000000')
      .set(as(OPS));
    expect(missing.status).toBe(404);
  });
});
