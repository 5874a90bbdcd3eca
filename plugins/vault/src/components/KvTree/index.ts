export { KvTree } from './KvTree';
