/**
 * Shared pieces of the Pégase ArgoCD plugins: permissions, annotations and the
 * shapes `/api/pegase-argocd` answers.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './annotations';
export * from './types';
export * from './generated';
