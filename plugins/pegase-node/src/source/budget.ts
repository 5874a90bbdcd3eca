import { GitopsFileRefusedError } from './refused';

/**
 * The bytes one repository read may still take in (`maxReadBytes`): every
 * file read and every archive's unpacked bytes are charged. Past it, the file
 * being read is refused, and so is every file after it, before it is read.
 */
export class ReadBudget {
  private used = 0;

  constructor(readonly max: number) {}

  /** Bytes charged so far. */
  get spent(): number {
    return this.used;
  }

  /** Refuses `label` before it is read when the budget is already spent. */
  check(label: string): void {
    if (this.used > this.max) throw this.refusal(label);
  }

  /** Charges `bytes` read for `label`; refuses it when the total passes the budget. */
  charge(label: string, bytes: number): void {
    this.used += bytes;
    if (this.used > this.max) throw this.refusal(label);
  }

  private refusal(label: string): GitopsFileRefusedError {
    return new GitopsFileRefusedError(
      label,
      'over-budget',
      `${this.used} bytes read by this read, limit maxReadBytes ${this.max}`,
    );
  }
}
