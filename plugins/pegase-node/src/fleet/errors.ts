/**
 * A fleet plan that cannot be made (unknown version, empty selection,
 * downgrade not allowed): the message names the problem, nothing is written.
 * @public
 */
export class FleetPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FleetPlanError';
  }
}
