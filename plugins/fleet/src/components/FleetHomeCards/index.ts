export { FleetProblemsCard } from './FleetProblemsCard';
export { VersionDistributionCard } from './VersionDistributionCard';
export { TeamComponentsCard } from './TeamComponentsCard';
export { RolloutsCard } from './RolloutsCard';
