/**
 * Bounds of what the GitOps read takes in (see this package's README.md,
 * "Reading limits"). @public
 */
export interface GitopsReadLimits {
  /** Largest file read, in bytes (a larger file is refused as a problem of that file). Default 5 MiB. */
  maxFileBytes?: number;
  /** Most entries of one `.tgz` archive (a larger archive is refused). Default 10,000. */
  maxArchiveEntries?: number;
  /**
   * Largest unpacked size of one `.tgz` archive, in bytes, counting every
   * entry (also those skipped) and the tar headers; the archive is refused as
   * soon as it is passed, without unpacking the rest. Default 100 MiB.
   */
  maxArchiveBytes?: number;
  /**
   * Largest ratio of a `.tgz` archive's unpacked size to its size, checked
   * once it unpacks past 1 MiB (`RATIO_FLOOR_BYTES`). Default 100.
   */
  maxArchiveRatio?: number;
  /**
   * Most bytes one repository read takes in: every file read plus every
   * archive's unpacked bytes. A file read past it is refused. Default 256 MiB.
   */
  maxReadBytes?: number;
  /** Sub-chart archives unpacked at the same time (bounds the memory of a read). Default 4. */
  maxArchivesAtOnce?: number;
}

/** The default {@link GitopsReadLimits}. @public */
export const DEFAULT_READ_LIMITS: Readonly<Required<GitopsReadLimits>> =
  Object.freeze({
    maxFileBytes: 5 * 1024 * 1024,
    maxArchiveEntries: 10_000,
    maxArchiveBytes: 100 * 1024 * 1024,
    maxArchiveRatio: 100,
    maxReadBytes: 256 * 1024 * 1024,
    maxArchivesAtOnce: 4,
  });

/**
 * Unpacked size below which an archive's compression ratio is not checked:
 * a small chart's tar headers and padding compress far beyond any ratio.
 */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/**
 * `limits` with the defaults applied (a missing, zero or negative value is the default).
 *
 * @public
 */
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
    maxArchiveRatio: pick('maxArchiveRatio'),
    maxReadBytes: pick('maxReadBytes'),
    maxArchivesAtOnce: pick('maxArchivesAtOnce'),
  };
}
