import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vaultApiRef } from '../api/VaultApi';

/** Loads the Vault instance view of the current entity (state and `retry` for `AsyncContent`). */
export function useInstanceView() {
  const { entity } = useEntity();
  const api = useApi(vaultApiRef);
  const ref = stringifyEntityRef(entity);
  return useAsyncRetry(() => api.getInstance(ref), [api, ref]);
}
