import type { Config } from '@backstage/config';

/** `pegase.fleet`, defaults applied. */
export interface FleetConfig {
  cacheTtlSeconds: number;
  argocdTimeoutSeconds: number;
}

/** Reads `pegase.fleet` (config.d.ts); a non-positive number is refused, naming the key. */
export function readFleetConfig(config: Config): FleetConfig {
  const read = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(`pegase.fleet.${key}`) ?? fallback;
    if (!(value > 0)) {
      throw new Error(
        `pegase.fleet.${key} must be a positive number, got ${value}`,
      );
    }
    return value;
  };
  return {
    cacheTtlSeconds: read('cacheTtlSeconds', 30),
    argocdTimeoutSeconds: read('argocdTimeoutSeconds', 5),
  };
}
