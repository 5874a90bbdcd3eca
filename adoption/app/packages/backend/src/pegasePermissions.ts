// Pégase Portal's permission policy module. A real install adds it in place
// of the allow-all policy (backend.add(pegasePermissionModule)) with its
// `pegase.permissions` groups; the adoption check type-checks it only, the
// allow-all policy answering its requests.
export { default as pegasePermissionModule } from '@pcscol/plugin-permission-backend-module-pegase';
