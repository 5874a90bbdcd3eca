export { NodeDetails } from './NodeDetails';
