export { Findings } from './Findings';
export { useFindingText } from './useFindingText';
