export { EntityRelationsCard } from './EntityRelationsCard';
