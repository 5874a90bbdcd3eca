import type { Entity } from '@backstage/catalog-model';
import { makeSubChartEntity } from '@pcscol/plugin-pegase-common/testUtils';

/** A sub-chart Component owned by `team-toulouse`, with its stored `ownedBy` relation. */
export function makeOwnedSubChart(
  name: string,
  options: Parameters<typeof makeSubChartEntity>[1] = {},
): Entity {
  const owner = 'group:default/team-toulouse';
  return {
    ...makeSubChartEntity(name, { owner, ...options }),
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}
