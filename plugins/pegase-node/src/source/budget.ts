import { GitopsFileRefusedError } from './refused';

/**
 * The bytes one repository read may still take in (`maxReadBytes`): every
 * file read and every archive's unpacked bytes are charged. Past it, the file
 * being read is refused, and so is every file after it, before it is read.
 *
 * @public
 */
export class ReadBudget {
  private used = 0;
  /** Bytes reserved by reads under way (their size is not known yet). */
  private reserved = 0;
  private waiters: Array<() => void> = [];

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

  /**
   * Waits until `bytes` more can be under way without passing the budget
   * (or until nothing else is under way), then reserves them: the files read
   * at once cannot pass the budget by more than one file.
   */
  async reserve(bytes: number): Promise<void> {
    while (this.reserved > 0 && this.used + this.reserved + bytes > this.max)
      await new Promise<void>(resolve => this.waiters.push(resolve));
    this.reserved += bytes;
  }

  /** Gives back a reservation of `reserve`. */
  release(bytes: number): void {
    this.reserved -= bytes;
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  private refusal(label: string): GitopsFileRefusedError {
    return new GitopsFileRefusedError(
      label,
      'over-budget',
      `${this.used} bytes read by this read, limit maxReadBytes ${this.max}`,
    );
  }
}
