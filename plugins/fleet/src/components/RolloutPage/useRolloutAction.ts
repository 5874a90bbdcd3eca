import { useCallback, useState } from 'react';
import type { Rollout } from '@pcscol/plugin-pegase-common';

/**
 * Runs one rollout action at a time: which one is under way, the last
 * failure's message (the backend's 403 or 409 says why), and a reload once done.
 */
export function useRolloutAction(onDone: () => void) {
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const run = useCallback(
    async (name: string, action: () => Promise<Rollout>) => {
      setBusy(name);
      setError(undefined);
      try {
        await action();
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setBusy(undefined);
        onDone();
      }
    },
    [onDone],
  );
  return { busy, error, run };
}
