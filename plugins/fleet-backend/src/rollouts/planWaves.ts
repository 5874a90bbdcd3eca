/*
 * A rollout's waves from pegase-node's upgrade plan (the one planner): the
 * plan says which instances move and from which version; this only orders
 * and cuts them into waves.
 */
import {
  FleetPlanError,
  INSTANCE_USAGES,
  planUpgrade,
  type GitopsSnapshot,
  type InstanceSelection,
  type PlannedUpgrade,
} from '@pcscol/plugin-pegase-node';
import type {
  RolloutInstance,
  RolloutPlan,
  RolloutWaveStrategy,
} from '@pcscol/plugin-pegase-common';

type PlannedWave = RolloutPlan['waves'][number];

/**
 * Plans the rollout of `selection` to `to`; throws pegase-node's
 * FleetPlanError for an unknown version, an empty selection or a downgrade.
 */
export function planRollout(
  snapshot: Pick<GitopsSnapshot, 'chart' | 'releases' | 'instances'>,
  input: {
    to: string;
    selection: InstanceSelection;
    strategy: RolloutWaveStrategy;
    allowDowngrade?: boolean;
  },
): RolloutPlan {
  const { strategy } = input;
  const usages =
    strategy.usages && strategy.usages.length > 0
      ? strategy.usages
      : [...INSTANCE_USAGES];
  // usage order is the planner's; regions and the canary cut it further
  const plan = planUpgrade(snapshot, {
    to: input.to,
    selection: input.selection,
    waves: strategy.by === 'usage' ? usages : undefined,
    allowDowngrade: input.allowDowngrade,
  });
  const namespaces = new Map(snapshot.instances.map(i => [i.name, i]));
  const toInstance = (p: PlannedUpgrade): RolloutInstance => ({
    name: p.name,
    entityRef: `resource:default/${p.name}`,
    file: p.file,
    ...(p.index !== undefined ? { index: p.index } : {}),
    region: p.region,
    usage: p.usage,
    cluster: p.cluster,
    namespace: namespaces.get(p.name)?.namespace ?? p.name,
    from: p.from,
  });

  let waves: PlannedWave[];
  if (strategy.by === 'region') {
    const all = plan.instances.map(toInstance);
    const regions =
      strategy.regions && strategy.regions.length > 0
        ? strategy.regions
        : [...new Set(all.map(i => i.region ?? 'unknown'))].sort();
    waves = regions.map(r => ({
      name: r,
      instances: all.filter(i => (i.region ?? 'unknown') === r),
    }));
    const placed = new Set(waves.flatMap(w => w.instances.map(i => i.name)));
    const rest = all.filter(i => !placed.has(i.name));
    if (rest.length > 0) waves.push({ name: 'other regions', instances: rest });
  } else {
    waves = plan.waves.map(w => ({
      name: w.name,
      instances: w.instances.map(toInstance),
    }));
  }
  waves = waves.filter(w => w.instances.length > 0);

  if (waves.length === 0) {
    throw new FleetPlanError(
      `no selected instance moves to ${plan.to}: ${plan.skipped
        .slice(0, 5)
        .map(s => `${s.name} (${s.reason})`)
        .join(', ')}${plan.skipped.length > 5 ? ', …' : ''}`,
    );
  }
  const k = strategy.canary ?? 0;
  if (k > 0) {
    const first = waves.flatMap(w => w.instances).slice(0, k);
    const taken = new Set(first.map(i => i.name));
    waves = [
      { name: 'canary', instances: first },
      ...waves
        .map(w => ({
          name: w.name,
          instances: w.instances.filter(i => !taken.has(i.name)),
        }))
        .filter(w => w.instances.length > 0),
    ];
  }
  return {
    to: plan.to,
    waves,
    skipped: plan.skipped,
    warnings: plan.warnings,
  };
}
