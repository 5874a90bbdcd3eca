export {
  InstanceVaultCard,
  RolesTable,
  EnginesAndConnections,
  useInstanceView,
} from './InstanceVaultCard';
