export { createPegaseInstanceCreateAction } from './instanceCreate';
export { createPegaseDbaasCreateAction } from './dbaasCreate';
export { createPegaseKaasCreateAction } from './kaasCreate';
export { createPegaseFleetUpgradeAction } from './fleetUpgrade';
export { createPegaseInstanceRemoveAction } from './instanceRemove';
export { createPegaseAddonUpgradeAction } from './addonUpgrade';
