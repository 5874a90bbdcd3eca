import type { GitopsFileSource } from '../model/types';
import { mapLimit } from '../util/concurrency';
import { readFailureProblem } from '../util/parse';
import { GitopsFileRefusedError } from '../source/refused';
import type { ReadBudget } from '../source/budget';
import type { PipelineContext } from './context';

/**
 * `source` whose reads over `maxFileBytes` are refused (a folder source
 * refuses them before reading; memory and readTree sources are checked here),
 * and whose reads are charged to the read's `budget` (`maxReadBytes`): each
 * read reserves `maxFileBytes` while under way, so that the reads under way
 * cannot pass the budget by more than one file; once it is spent, files are
 * refused before they are read.
 */
export function boundedSource(
  source: GitopsFileSource,
  maxFileBytes: number,
  budget: ReadBudget,
): GitopsFileSource {
  return {
    list: o => source.list(o),
    read: async path => {
      budget.check(path);
      await budget.reserve(maxFileBytes);
      try {
        budget.check(path);
        const b = await source.read(path);
        if (b.length > maxFileBytes)
          throw new GitopsFileRefusedError(
            path,
            'too-large',
            `${b.length} bytes, limit ${maxFileBytes}`,
          );
        budget.charge(path, b.length);
        return b;
      } finally {
        budget.release(maxFileBytes);
      }
    },
    describe: p => source.describe(p),
  };
}

/**
 * Stage "read": the texts of `paths` (not read yet) into `pc.texts`, in one
 * bounded pool; a file that cannot be read is a problem on it.
 */
export async function readTexts(
  pc: PipelineContext,
  paths: readonly string[],
): Promise<void> {
  const todo = [...new Set(paths)].filter(
    f => !pc.texts.has(f) && !pc.refused.has(f), // refused: reported by discover
  );
  await mapLimit(todo, pc.concurrency, async f => {
    try {
      pc.texts.set(f, (await pc.source.read(f)).toString('utf8'));
    } catch (e) {
      pc.problems.push(readFailureProblem(pc.ctx(f), e));
    }
  });
}
