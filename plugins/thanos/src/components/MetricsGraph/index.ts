export { MetricsGraph } from './MetricsGraph';
