import {
  directoryFileSource,
  readGitopsRepository,
  type GitopsSnapshot,
} from '@pcscol/plugin-pegase-node';
import { createPegaseInstanceRemoveAction } from './instanceRemove';
import { createPegaseFleetUpgradeAction } from './fleetUpgrade';
import { createPegaseDbaasCreateAction } from './dbaasCreate';
import { createPegaseKaasCreateAction } from './kaasCreate';
import { createPegaseInstanceCreateAction } from './instanceCreate';
import { createPegaseAddonUpgradeAction } from './addonUpgrade';
import { actionHarness } from '../__testUtils__/actionHarness';
import {
  DEMO_RULES,
  fleetDir,
  fleetEntities,
  policyPermissions,
} from '@pcscol/plugin-pegase-node/testUtils';

jest.setTimeout(180_000);

/*
 * Who may write what, with the demo's rules through the real policy and the
 * catalog's own rules (__testUtils__/policy.ts), against a real git remote
 * over HTTP. In the 12-instance fleet, equipe-toulouse owns the sandboxes
 * utbm-bac-a-sable-1 (its own folder) and unistra-bac-a-sable-2;
 * equipe-strasbourg owns the sandbox unistra-bac-a-sable-1, equipe-marseille
 * the construction instance uphf-recette, ops unistra-production.
 */
const INSTANCES = 12;
const TOULOUSE = 'user:default/ana.garcia';
const OPS = 'user:default/guest';
const GROUPS = {
  [TOULOUSE]: ['group:default/equipe-toulouse'],
  [OPS]: ['group:default/ops'],
};
const OWN_SANDBOX = 'utbm-bac-a-sable-1';
const OTHER_SANDBOX = 'unistra-bac-a-sable-1';
const OTHER_CONSTRUCTION = 'uphf-recette';
const PRODUCTION = 'unistra-production';

let snapshot: GitopsSnapshot;
beforeAll(async () => {
  snapshot = await readGitopsRepository(
    directoryFileSource(fleetDir(INSTANCES)),
    { loadOpenApi: false },
  );
});

it('runs on the fleet the comment above describes', () => {
  const owner = (n: string) => snapshot.instances.find(i => i.name === n);
  expect(owner(OWN_SANDBOX)).toMatchObject({
    owner: 'equipe-toulouse',
    usage: 'sandbox',
  });
  expect(owner(OTHER_SANDBOX)).toMatchObject({
    owner: 'equipe-strasbourg',
    usage: 'sandbox',
  });
  expect(owner(OTHER_CONSTRUCTION)?.owner).toBe('equipe-marseille');
  expect(owner(PRODUCTION)?.owner).toBe('ops');
});

/** The real policy with `rules` (default the demo's) over the fleet's entities. */
function permissions(rules: unknown[] = DEMO_RULES) {
  return policyPermissions({
    entities: fleetEntities(snapshot),
    groups: GROUPS,
    rules,
  });
}

type Harness = ReturnType<typeof actionHarness>;

/** Runs as `userRef` with the real policy; returns the outputs or the refusal. */
async function runAs(
  h: Harness,
  userRef: string,
  input: Record<string, unknown>,
  opts: { isDryRun?: boolean; rules?: unknown[] } = {},
) {
  return h.run(input, {
    userRef,
    isDryRun: opts.isDryRun,
    permissions: permissions(opts.rules),
  });
}

/** Runs and expects a refusal `error`: nothing pushed, nothing opened, the refusal audited. */
async function expectRefused(
  h: Harness,
  userRef: string,
  input: Record<string, unknown>,
  error: string | RegExp,
  audited?: { entityRef: string; permission: string },
) {
  const run = h.run(input, {
    userRef,
    permissions: permissions(),
  });
  await expect(run).rejects.toThrow(error);
  expect(h.writes()).toEqual([]);
  expect(h.peers.branches()).toEqual(['main']);
  if (audited) {
    expect(h.lastOptions?.audited).toContainEqual(
      expect.objectContaining({
        eventId: 'selfservice-access-refused',
        meta: expect.objectContaining({ ...audited, actor: userRef }),
      }),
    );
  }
}

describe('pegase:instance:remove, per instance', () => {
  const h = actionHarness(createPegaseInstanceRemoveAction, {
    instances: INSTANCES,
  });
  h.startEach();

  it("lets a product team remove its own sandbox, and nothing else of the repository's", async () => {
    const { outputs } = await runAs(h, TOULOUSE, { instance: OWN_SANDBOX });
    expect(outputs.removed.length).toBeGreaterThan(0);
    expect(
      outputs.removed.every(
        (f: string) =>
          f.startsWith(`instances/eu-sxb-1/sandbox/${OWN_SANDBOX}/`) ||
          f.startsWith(`vault/${OWN_SANDBOX}/`),
      ),
    ).toBe(true);
  });

  it.each([
    ["another team's sandbox", OTHER_SANDBOX],
    ["another team's construction instance", OTHER_CONSTRUCTION],
    ['a production instance', PRODUCTION],
  ])('refuses it %s, audited', async (_what, name) => {
    await expectRefused(
      h,
      TOULOUSE,
      { instance: name },
      `pegase.instance.remove is not allowed on resource:default/${name}`,
      {
        entityRef: `resource:default/${name}`,
        permission: 'pegase.instance.remove',
      },
    );
  });

  it("shows another team's files in a dry run as paths only, without their content", async () => {
    // a policy that lets everyone remove, but keeps Vault metadata to owners
    const rules = DEMO_RULES.filter(
      r => r.permission !== 'pegase.instance.remove',
    );
    const { outputs, logs } = await runAs(
      h,
      TOULOUSE,
      { instance: OTHER_CONSTRUCTION },
      { isDryRun: true, rules },
    );
    expect(outputs.removed.length).toBeGreaterThan(1);
    const shown = [outputs.diff, logs.join('\n')].join('\n');
    for (const f of outputs.removed) {
      expect(outputs.diff).toContain(`diff --git a/${f} b/${f}`);
    }
    // only headers, modes and the notice: no line of any file
    for (const line of outputs.diff.split('\n').filter(Boolean)) {
      expect(line).toMatch(
        /^diff --git |^deleted file mode |^\(content not shown: vault\.instance\.read is not allowed on the instance uphf-recette\)$/,
      );
    }
    const values = h.peers.show(
      'main',
      `instances/eu-sxb-1/construction/${OTHER_CONSTRUCTION}/instance.json`,
    )!;
    expect(shown).not.toContain(values.split('\n')[1].trim());
    expect(shown).not.toMatch(/^-.*kind:/m);

    // its owner's ops see the content
    const ops = await runAs(
      h,
      OPS,
      { instance: OTHER_CONSTRUCTION },
      { isDryRun: true },
    );
    expect(ops.outputs.diff).toContain(values.split('\n')[1].trim());
  });
});

/** A released umbrella version `name` is not at, so that a plan holds it. */
function otherVersionThan(name: string): string {
  const at = snapshot.instances.find(i => i.name === name)!.chartVersion;
  return snapshot.releases.map(r => r.version).find(v => v !== at)!;
}

describe('pegase:fleet:upgrade, every instance of the plan', () => {
  const h = actionHarness(createPegaseFleetUpgradeAction, {
    instances: INSTANCES,
  });
  h.startEach();

  it('lets a product team upgrade its own sandboxes', async () => {
    const { outputs } = await runAs(
      h,
      TOULOUSE,
      {
        to: otherVersionThan(OWN_SANDBOX),
        names: [OWN_SANDBOX, 'unistra-bac-a-sable-2'],
        allowDowngrade: true,
      },
      { isDryRun: true },
    );
    expect(
      [
        ...outputs.instances.map((i: any) => i.name),
        ...outputs.skipped.map((s: any) => s.name),
      ].sort(),
    ).toEqual([OWN_SANDBOX, 'unistra-bac-a-sable-2'].sort());
  });

  it("refuses a plan holding another team's sandbox (not only production), audited", async () => {
    await expectRefused(
      h,
      TOULOUSE,
      {
        to: otherVersionThan(OTHER_SANDBOX),
        usage: ['sandbox'],
        region: ['eu-sxb-1'],
        allowDowngrade: true,
      },
      new RegExp(
        `pegase\\.instance\\.upgrade is not allowed on .*resource:default/${OTHER_SANDBOX}`,
      ),
      {
        entityRef: `resource:default/${OTHER_SANDBOX}`,
        permission: 'pegase.instance.upgrade',
      },
    );
  });
});

describe('pegase:dbaas:create and pegase:kaas:create, against the instance served', () => {
  const dbaas = actionHarness(createPegaseDbaasCreateAction, {
    instances: INSTANCES,
  });
  dbaas.startEach();
  const kaas = actionHarness(createPegaseKaasCreateAction, {
    instances: INSTANCES,
  });
  kaas.startEach();

  const db = (requestedFor: string, usage?: string) => ({
    name: 'pegase-team-db',
    requestedFor: `resource:default/${requestedFor}`,
    ...(usage ? { usage } : {}),
    numberOfInstances: 1,
    volumeSize: '10Gi',
  });
  const kafka = (requestedFor: string) => ({
    name: 'team-events',
    requestedFor: `resource:default/${requestedFor}`,
    usage: 'sandbox',
    replicas: 1,
    volumeSize: '10Gi',
  });

  it('lets a product team request them for its own sandbox', async () => {
    const d = await runAs(dbaas, TOULOUSE, db(OWN_SANDBOX, 'sandbox'), {
      isDryRun: true,
    });
    expect(d.outputs.filesChanged).toContain('dbaas/pegase-team-db.yaml');
    const k = await runAs(kaas, TOULOUSE, kafka(OWN_SANDBOX), {
      isDryRun: true,
    });
    expect(k.outputs.filesChanged).toContain('kaas/team-events.yaml');
  });

  it("refuses them for another team's sandbox, audited", async () => {
    await expectRefused(
      dbaas,
      TOULOUSE,
      db(OTHER_SANDBOX, 'sandbox'),
      `pegase.dbaas.create is not allowed on resource:default/${OTHER_SANDBOX}`,
      {
        entityRef: `resource:default/${OTHER_SANDBOX}`,
        permission: 'pegase.dbaas.create',
      },
    );
    await expectRefused(
      kaas,
      TOULOUSE,
      kafka(OTHER_SANDBOX),
      `pegase.kaas.create is not allowed on resource:default/${OTHER_SANDBOX}`,
    );
  });

  it('refuses a production DBaaS to a user without the production permission: the usage is the repository’s, not the form’s', async () => {
    // everyone may ask for DBaaS on any instance: only the usage decides
    const rules = DEMO_RULES.filter(
      r => r.permission !== 'pegase.dbaas.create',
    );
    const asked = (usage?: string) =>
      dbaas.run(db(PRODUCTION, usage), {
        userRef: TOULOUSE,
        permissions: policyPermissions({
          entities: fleetEntities(snapshot),
          groups: GROUPS,
          rules,
        }),
      });
    // the form's default usage (construction): the repository says production
    await expect(asked()).rejects.toThrow(
      `usage 'construction' is not the usage of the instance ${PRODUCTION} it serves: instances/eu-sxb-1/production/${PRODUCTION}/instance.json says 'production'`,
    );
    await expect(asked('sandbox')).rejects.toThrow(/says 'production'/);
    await expect(asked('production')).rejects.toThrow(
      'Production requests are limited to the groups the configuration names (permission pegase.instance.create.production)',
    );
    expect(dbaas.writes()).toEqual([]);
    expect(dbaas.peers.branches()).toEqual(['main']);
    const before = dbaas.peers.show(
      'main',
      `instances/eu-sxb-1/production/${PRODUCTION}/values.yaml`,
    );
    expect(before).not.toContain('pegase-team-db');

    // ops may
    const { outputs } = await runAs(dbaas, OPS, db(PRODUCTION, 'production'), {
      isDryRun: true,
    });
    expect(outputs.filesChanged).toContain(
      `instances/eu-sxb-1/production/${PRODUCTION}/values.yaml`,
    );
  });
});

describe('pegase:instance:create, against its owner group', () => {
  const h = actionHarness(createPegaseInstanceCreateAction, {
    instances: INSTANCES,
  });
  h.startEach();
  const sandbox = {
    university: 'univ-team',
    usage: 'sandbox',
    region: 'eu-sxb-1',
    cluster: 'resource:default/sxb-sandbox-1',
    ttl: '2026-12-20',
  };

  it('lets a product team create an instance its group owns', async () => {
    const { outputs } = await runAs(
      h,
      TOULOUSE,
      { ...sandbox, owner: 'group:default/equipe-toulouse' },
      { isDryRun: true },
    );
    expect(outputs.diff).toContain('"owner": "equipe-toulouse"');
    // its own new files are shown whole
    expect(outputs.diff).toContain('kind: KubernetesAuthEngineRole');
  });

  it('refuses an instance owned by a group the user is not in (the default, ops, included), audited', async () => {
    await expectRefused(
      h,
      TOULOUSE,
      { ...sandbox, owner: 'equipe-strasbourg' },
      'pegase.instance.create is not allowed on group:default/equipe-strasbourg',
      {
        entityRef: 'group:default/equipe-strasbourg',
        permission: 'pegase.instance.create',
      },
    );
    await expectRefused(
      h,
      TOULOUSE,
      sandbox,
      'pegase.instance.create is not allowed on group:default/ops',
    );
  });
});

describe('pegase:addon:upgrade, the hosting team only', () => {
  const h = actionHarness(createPegaseAddonUpgradeAction, {
    instances: INSTANCES,
  });
  h.startEach();

  it('lets ops move an add-on', async () => {
    const { outputs } = await runAs(
      h,
      OPS,
      { addon: 'strimzi', to: '0.49.0' },
      { isDryRun: true },
    );
    expect(outputs.clusters.map((c: any) => c.name)).toEqual([
      'sxb-prod-1',
      'uca-prod-1',
    ]);
  });

  it('refuses a product team, even on the sandbox cluster alone, audited', async () => {
    await expectRefused(
      h,
      TOULOUSE,
      { addon: 'cert-manager', to: 'v1.20.0', clusters: ['sxb-sandbox-1'] },
      'pegase.addon.upgrade is not allowed on resource:default/addon-cert-manager-apps, resource:default/sxb-sandbox-1',
      {
        entityRef: 'resource:default/addon-cert-manager-apps',
        permission: 'pegase.addon.upgrade',
      },
    );
  });
});
