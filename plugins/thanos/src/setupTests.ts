import '@testing-library/jest-dom';

// recharts' ResponsiveContainer measures its parent
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver =
  (globalThis as any).ResizeObserver ?? ResizeObserverStub;
import { configure } from '@testing-library/react';

// findBy*/waitFor wait for whole test apps to render: on a loaded 2-core CI
// machine that takes longer than the library's 1 s default.
configure({ asyncUtilTimeout: 15_000 });
