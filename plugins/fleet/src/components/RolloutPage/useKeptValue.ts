import { useRef } from 'react';
import type { AsyncState } from '@pcscol/plugin-pegase-react';

/**
 * A polled state that keeps its last answer when a reload fails (a backend
 * restarting, a network blip): the page stays, with the reload's error beside
 * it, instead of turning into an error panel every 5 s.
 */
export function useKeptValue<T>(state: AsyncState<T>): {
  state: AsyncState<T>;
  reloadError?: Error;
} {
  const last = useRef<T | undefined>(undefined);
  if (state.value !== undefined) last.current = state.value;
  if (state.error && last.current !== undefined) {
    return {
      state: { loading: false, value: last.current },
      reloadError: state.error,
    };
  }
  return { state };
}
