export {
  InstanceVaultContent,
  AuthRole,
  Policies,
} from './InstanceVaultContent';
