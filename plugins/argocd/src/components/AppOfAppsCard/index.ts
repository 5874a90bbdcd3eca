export {
  AppOfAppsCard,
  AppOfAppsChildren,
  InstanceAppOfApps,
} from './AppOfAppsCard';
