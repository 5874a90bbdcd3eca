export { InstanceCard } from './InstanceCard';
