import type {
  GitopsFileSource,
  Problem,
  ReadGitopsOptions,
} from '../model/types';
import type { FileCtx } from '../util/parse';
import type { GitopsFileRefusedError } from '../source/refused';
import type { ReadBudget } from '../source/budget';

/** What every stage of a read shares. */
export interface PipelineContext {
  /** The bounded source (size limit and read budget applied). */
  source: GitopsFileSource;
  opts: ReadGitopsOptions;
  budget: ReadBudget;
  concurrency: number;
  /** Every problem found so far, in any order (assemble sorts them). */
  problems: Problem[];
  /** Files listed but refused (symlinks, special files): never read. */
  refused: Map<string, GitopsFileRefusedError>;
  /** Texts of the files read so far. */
  texts: Map<string, string>;
  ctx(file: string): FileCtx;
}
