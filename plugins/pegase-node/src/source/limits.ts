/**
 * Bounds of what the GitOps read takes in (see this package's README.md,
 * "Reading: what is never read"). @public
 */
export interface GitopsReadLimits {
  /** Largest file read, in bytes (a larger file is refused as a problem of that file). Default 5 MiB. */
  maxFileBytes?: number;
  /** Most entries of one `.tgz` archive (a larger archive is refused). Default 10,000. */
  maxArchiveEntries?: number;
  /** Largest unpacked size of one `.tgz` archive, in bytes (a larger archive is refused). Default 100 MiB. */
  maxArchiveBytes?: number;
}

/** The default {@link GitopsReadLimits}. @public */
export const DEFAULT_READ_LIMITS: Readonly<Required<GitopsReadLimits>> =
  Object.freeze({
    maxFileBytes: 5 * 1024 * 1024,
    maxArchiveEntries: 10_000,
    maxArchiveBytes: 100 * 1024 * 1024,
  });

/** `limits` with the defaults applied (a missing, zero or negative value is the default). */
export function resolveReadLimits(
  limits?: GitopsReadLimits,
): Required<GitopsReadLimits> {
  const pick = (k: keyof GitopsReadLimits) => {
    const v = limits?.[k];
    return typeof v === 'number' && Number.isFinite(v) && v > 0
      ? Math.floor(v)
      : DEFAULT_READ_LIMITS[k];
  };
  return {
    maxFileBytes: pick('maxFileBytes'),
    maxArchiveEntries: pick('maxArchiveEntries'),
    maxArchiveBytes: pick('maxArchiveBytes'),
  };
}
