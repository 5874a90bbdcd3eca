export { SubChartCard } from './SubChartCard';
