import { useEffect } from 'react';

/** Seconds between two reloads of a rollout that still moves. */
export const POLL_SECONDS = 5;

/**
 * Calls `reload` every few seconds while `active`, and only while the page is
 * visible: a hidden tab or a finished rollout costs the backend nothing.
 */
export function usePolling(active: boolean, reload: () => void) {
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') reload();
    }, POLL_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [active, reload]);
}
