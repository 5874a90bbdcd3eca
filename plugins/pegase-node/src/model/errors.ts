import type { Problem } from './types';

/**
 * Thrown by the edit functions when the input is invalid: carries every
 * problem found (the message lists them).
 * @public
 */
export class GitopsValidationError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[], message?: string) {
    super(
      message ??
        problems
          .filter(p => p.severity === 'error')
          .map(p => p.message)
          .join('; '),
    );
    this.name = 'GitopsValidationError';
    this.problems = problems;
  }
}
