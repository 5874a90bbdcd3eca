export { SubChartView } from './SubChartView';
