export { ReleaseDiffView } from './ReleaseDiffView';
