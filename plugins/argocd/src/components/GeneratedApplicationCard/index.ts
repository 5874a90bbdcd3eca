export {
  GeneratedApplicationCard,
  GeneratedComparisonBody,
} from './GeneratedApplicationCard';
