/*
 * The forge side of the rollouts over HTTP: a wave's change request opened
 * through pegase-node's publisher (a real git remote), then found by its
 * branch, read (open, merged) and closed through the GitLab and GitHub
 * stand-ins, started on port 0 by pegase-node's test peers.
 */
import { execFileSync } from 'node:child_process';
import {
  directoryFileSource,
  GitopsChangePublisher,
  readGitopsRepository,
  readGitopsSettings,
} from '@pcscol/plugin-pegase-node';
import {
  fleetDir,
  startPeers,
  type Peers,
} from '@pcscol/plugin-pegase-node/testUtils';
import { changeRequestForgeFromConfig } from './forgeChangeRequests';
import { GitopsWaveChangeOpener } from './gitopsOpener';
import { planRollout } from './planWaves';

jest.setTimeout(60_000);

describe.each(['gitlab', 'github'] as const)(
  'change requests of a wave on %s',
  forgeKind => {
    let peers: Peers;
    beforeAll(async () => {
      peers = await startPeers({ forge: forgeKind, instances: 6 });
    });
    afterAll(() => peers.stop());

    /** What a reviewer's merge leaves in the forge and the repository. */
    const merge = (number: number, branch: string) => {
      execFileSync('git', [
        '--git-dir',
        peers.git.repositoryDir,
        'update-ref',
        'refs/heads/main',
        `refs/heads/${branch}`,
      ]);
      if (forgeKind === 'gitlab') {
        const mr = peers
          .gitlab!.mergeRequests.get('pegase/gitops')!
          .find(m => m.iid === number)!;
        mr.state = 'merged';
        mr.merged_at = new Date().toISOString();
      } else {
        const pr = peers
          .github!.pullRequests.get('pegase/gitops')!
          .find(p => p.number === number)!;
        pr.state = 'closed';
        pr.merged = true;
        pr.merged_at = new Date().toISOString();
      }
    };

    it('opens the change request of the recorded branch, then reads and closes it', async () => {
      const snapshot = await readGitopsRepository(
        directoryFileSource(fleetDir(6)),
        { loadOpenApi: false },
      );
      const target = snapshot.releases.find(
        r => r.version !== snapshot.instances[0].chartVersion,
      )!.version;
      const plan = planRollout(snapshot, {
        to: target,
        selection: { names: snapshot.instances.slice(0, 2).map(i => i.name) },
        strategy: { by: 'none' },
        allowDowngrade: true,
      });
      const [wave] = plan.waves;
      const settings = readGitopsSettings(peers.config);
      const forge = await changeRequestForgeFromConfig(peers.config, settings);
      expect(forge.kind).toBe(forgeKind);
      const branch = 'pegase-rollout/test/wave-1';
      expect(await forge.findByBranch(branch)).toBeUndefined();

      const opener = new GitopsWaveChangeOpener(
        GitopsChangePublisher.fromConfig(peers.config),
      );
      const opened = await opener.open({
        branch,
        title: 'Rollout wave 1',
        description: 'two instances',
        moves: wave.instances.map(instance => ({ instance, to: target })),
      });
      for (const i of wave.instances) {
        expect(JSON.parse(peers.show(branch, i.file)!)).toMatchObject({
          chartVersion: target,
        });
      }
      expect(await forge.findByBranch(branch)).toEqual({
        ...opened,
        state: 'open',
      });
      expect(await forge.get(opened.number)).toMatchObject({ state: 'open' });

      merge(opened.number, branch);
      expect(await forge.get(opened.number)).toMatchObject({
        state: 'merged',
      });
      expect(await forge.findByBranch(branch)).toMatchObject({
        number: opened.number,
        state: 'merged',
      });

      // a roll back: another branch, each instance back to where it was
      const back = await opener.open({
        branch: 'pegase-rollout/test/rollback-1',
        title: 'Roll back wave 1',
        description: 'back',
        moves: wave.instances.map(instance => ({
          instance,
          to: instance.from,
        })),
      });
      const first = wave.instances[0];
      expect(
        JSON.parse(peers.show('pegase-rollout/test/rollback-1', first.file)!),
      ).toMatchObject({ chartVersion: first.from });
      await forge.close(back.number);
      expect(await forge.get(back.number)).toMatchObject({ state: 'closed' });
    });
  },
);
