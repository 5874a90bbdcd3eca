/**
 * Entity fixtures of the Pégase model, for the plugins' tests
 * (`@pcscol/plugin-pegase-common/testUtils`).
 *
 * @packageDocumentation
 */
export {
  isoDaysFromToday,
  makeInstanceEntity,
  makeSubChartEntity,
} from './entities';
