import type { Config } from '@backstage/config';
import { PEGASE_SYSTEM } from '@pcscol/plugin-pegase-common';

/** `architecture`, defaults applied. */
export interface ArchitectureConfig {
  system: string;
  cacheTtlSeconds: number;
}

/** Reads `architecture` (config.d.ts); a non-positive TTL is refused, naming the key. */
export function readArchitectureConfig(config: Config): ArchitectureConfig {
  const cacheTtlSeconds =
    config.getOptionalNumber('architecture.cacheTtlSeconds') ?? 60;
  if (!(cacheTtlSeconds > 0)) {
    throw new Error(
      `architecture.cacheTtlSeconds must be a positive number, got ${cacheTtlSeconds}`,
    );
  }
  return {
    system: config.getOptionalString('architecture.system') ?? PEGASE_SYSTEM,
    cacheTtlSeconds,
  };
}
