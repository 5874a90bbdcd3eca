export { AsyncContent } from './AsyncContent';
export type { AsyncContentProps, AsyncState } from './AsyncContent';
