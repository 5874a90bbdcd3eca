import { assertMetadataOnly, VaultSecretAccessError } from './guard';

describe('assertMetadataOnly', () => {
  it.each([
    ['GET', '/sys/mounts'],
    ['GET', '/pegase/univ-x/kv/metadata/ins-backend/?list=1'],
    ['LIST', '/pegase/univ-x/database/static-roles'],
    ['GET', '/pegase/univ-x/database/static-roles/postgres-rw'],
    ['GET', '/auth/kubernetes/prod-1/role/univ-x'],
    ['POST', '/auth/approle/login'],
    ['POST', '/auth/kubernetes/login'],
    ['POST', '/auth/token/renew-self'],
  ])('lets %s %s through', (method, path) => {
    expect(() => assertMetadataOnly(method, path)).not.toThrow();
  });

  it.each([
    ['GET', '/pegase/univ-x/kv/data/ins-backend/database'],
    ['GET', '/pegase/univ-x/kv/DATA/ins-backend/database'],
    ['GET', '/pegase/univ-x/kv%2Fdata%2Fins-backend'],
    ['GET', '/pegase/univ-x/kv/metadata/../data/x'],
    ['GET', '/pegase/univ-x/database/static-creds/postgres-rw'],
    ['GET', '/pegase/univ-x/database/creds/postgres-ro'],
    ['LIST', '/secret/data/'],
    ['GET', '/cubbyhole/x'],
    ['POST', '/pegase/univ-x/database/rotate-role/postgres-rw'],
    ['DELETE', '/sys/mounts/pegase'],
    ['PUT', '/sys/policies/acl/x'],
  ])('refuses %s %s', (method, path) => {
    expect(() => assertMetadataOnly(method, path)).toThrow(
      VaultSecretAccessError,
    );
  });
});
