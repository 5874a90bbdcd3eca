export { ComponentFleetCard } from './ComponentFleetCard';
