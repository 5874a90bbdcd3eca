/*
 * Opens a wave's change request with pegase-node's GitopsChangePublisher
 * (clone, edit chartVersion in each instance.json with pegase-node's
 * upgradeFileChanges, commit, push the branch, open or update
 * the change request of that branch): the same path as `pegase:fleet:upgrade`.
 */
import { InputError } from '@backstage/errors';
import {
  upgradeFileChanges,
  type GitopsChangePublisher,
} from '@pcscol/plugin-pegase-node';
import type { WaveChangeOpener } from './ports';

export class GitopsWaveChangeOpener implements WaveChangeOpener {
  constructor(private readonly publisher: GitopsChangePublisher) {}

  async open(request: Parameters<WaveChangeOpener['open']>[0]) {
    const { publisher } = this;
    const checkout = await publisher.checkout();
    try {
      const files = await upgradeFileChanges(
        request.moves.map(({ instance, to }) => ({
          name: instance.name,
          file: instance.file,
          ...(instance.index !== undefined ? { index: instance.index } : {}),
          region: instance.region,
          usage: instance.usage,
          cluster: instance.cluster,
          from: instance.from,
          to,
          subCharts: [],
        })),
        async file => {
          const text = await checkout.readFile(file);
          if (text === undefined) {
            throw new InputError(`${file} is no longer in the repository`);
          }
          return text;
        },
      );
      await publisher.stage(checkout, files);
      const published = await publisher.publish(checkout, {
        branch: request.branch,
        title: request.title,
        description: request.description,
        commitMessage: `${request.title}\n\n${request.description}`,
      });
      return { number: published.number, url: published.url };
    } finally {
      await checkout.cleanup();
    }
  }
}
