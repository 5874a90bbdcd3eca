export { GraphView } from './GraphView';
