import {
  isVaultPartFailure,
  type VaultPart,
  type VaultPartFailure,
} from '@pcscol/plugin-vault-common';
import { VaultClusterClient, VaultRequestError } from './VaultClusterClient';

/*
 * A view is made of parts (engines, database, auth role, policies, KV…) that
 * load on their own: a part that fails carries its error and the others still
 * answer. A view with a failed part is not cached (see VaultViewService).
 */

/** Runs one part of a view: `{ data }`, or `{ error }` with a code the views show. */
export async function part<T>(
  fn: () => Promise<T>,
  client?: VaultClusterClient,
): Promise<VaultPart<T>> {
  try {
    return { data: await fn() };
  } catch (e) {
    let err: VaultRequestError;
    if (e instanceof VaultRequestError) err = e;
    else if (client) err = client.translate(e);
    else
      err = new VaultRequestError('error', String((e as Error).message ?? e));
    return { error: err.toPartError() };
  }
}

/**
 * Runs `fn` unless the part it depends on failed; then this part fails the
 * same way (policies cannot be read without the auth role naming them).
 */
export async function partAfter<D, T>(
  dependency: VaultPart<D>,
  fn: (data: D) => Promise<VaultPart<T>>,
): Promise<VaultPart<T>> {
  return isVaultPartFailure(dependency)
    ? failure(dependency)
    : fn(dependency.data);
}

/** The same failure, as a part of another type. */
export function failure<T>(failed: VaultPartFailure): VaultPart<T> {
  return { error: failed.error };
}

/** True when one of the parts failed. */
export function anyPartFailed(parts: ReadonlyArray<VaultPart<unknown>>) {
  return parts.some(isVaultPartFailure);
}
