export { ClustersView } from './ClustersView';
export {
  clusterFiltersFromParams,
  clusterFiltersToParams,
  type ClusterFilters,
} from './clusterFilters';
