export { InstanceOverviewCard, OverviewBody } from './InstanceOverviewCard';
