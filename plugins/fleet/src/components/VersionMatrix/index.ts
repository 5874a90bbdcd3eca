export { VersionMatrix } from './VersionMatrix';
