export { PegaseCard } from './PegaseCard';
export type { PegaseCardProps, UpstreamLink } from './PegaseCard';
