export { EnginesAndConnections } from './EnginesAndConnections';
