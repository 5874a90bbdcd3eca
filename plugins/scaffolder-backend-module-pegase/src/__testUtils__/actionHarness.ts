// A test helper that registers the tests every action shares (hence exports).
/* eslint-disable jest/no-export */
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { PegaseActionOptions } from '../lib/flow';
import { Peers, startPeers } from '@pcscol/plugin-pegase-node/testUtils';
import { actionOptions, mockContext } from './peers';

/** What an action factory of this module returns, as the tests call it. */
interface RunnableAction {
  handler: (ctx: any) => Promise<void>;
}

type PeersOptions = Parameters<typeof startPeers>[0];

/**
 * The setup every action test shares: a git remote and forge stand-in
 * (`startPeers`), and `run(input)` that builds the action from the peers'
 * config and runs its handler in a mock context.
 *
 *     const h = actionHarness(createPegaseDbaasCreateAction);
 *     h.startEach();            // or h.startAll({ forge: 'github' })
 *     await h.run({ ... });     // outputs, logs, options
 *     expect(h.writes()).toEqual([]);
 */
export function actionHarness(
  createAction: (options: PegaseActionOptions) => RunnableAction,
  defaults?: PeersOptions,
) {
  let current: Peers | undefined;
  let lastOptions: ReturnType<typeof actionOptions> | undefined;
  const harness = {
    /** The options of the last run (its audit records: `audited`), even a refused one. */
    get lastOptions() {
      return lastOptions;
    },
    /** The running peers (after `start`). */
    get peers(): Peers {
      if (!current) throw new Error('actionHarness: start the peers first');
      return current;
    },
    async start(options: PeersOptions = defaults): Promise<Peers> {
      await current?.stop();
      current = await startPeers(options);
      return current;
    },
    async stop(): Promise<void> {
      await current?.stop();
      current = undefined;
    },
    /** Fresh peers for each test of the enclosing `describe`. */
    startEach(options: PeersOptions = defaults) {
      beforeEach(() => harness.start(options));
      afterEach(() => harness.stop());
    },
    /** One set of peers for the whole enclosing `describe`. */
    startAll(options: PeersOptions = defaults) {
      beforeAll(() => harness.start(options));
      afterAll(() => harness.stop());
    },
    /** Runs the action's handler on `input`; rejects as the action does. */
    async run(
      input: Record<string, unknown>,
      opts?: {
        isDryRun?: boolean;
        allowProduction?: boolean;
        /** The initiator (default the guest). */
        userRef?: string;
        /** Default: all allowed but production (`allowProduction`). */
        permissions?: PermissionsService;
      },
    ) {
      const options = actionOptions(
        harness.peers,
        opts?.allowProduction ?? true,
        opts?.permissions,
      );
      lastOptions = options;
      const m = mockContext(input, opts);
      await createAction(options).handler(m.ctx);
      return { ...m, options };
    },
    /**
     * One test per invalid patch of `base`: the action refuses it with
     * `error`, and nothing reaches the forge or the remote.
     */
    itRefuses(
      base: Record<string, unknown>,
      cases: Array<[string, Record<string, unknown>, RegExp]>,
    ) {
      it.each(cases)(
        'refuses %s, and opens nothing',
        async (_what, patch, error) => {
          await expect(harness.run({ ...base, ...patch })).rejects.toThrow(
            error,
          );
          expect(harness.writes()).toEqual([]);
          expect(harness.peers.branches()).toEqual(['main']);
        },
      );
    },
    /** `base` for production, without the production permission: refused. */
    itRefusesProductionWithoutPermission(base: Record<string, unknown>) {
      it('refuses production without the permission', async () => {
        await expect(
          harness.run(
            { ...base, usage: 'production' },
            { allowProduction: false },
          ),
        ).rejects.toThrow(/Production requests/);
      });
    },
    /** The forge stand-in's calls that change something (not GETs). */
    writes() {
      const forge = harness.peers.gitlab ?? harness.peers.github;
      return forge!.calls.filter(c => c.method !== 'GET');
    },
  };
  return harness;
}
