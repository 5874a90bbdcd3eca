/** Path of the component fleet tab under the entity page. */
export const FLEET_TAB_PATH = 'argocd-fleet';
/** Path of the instance ArgoCD tab under the entity page. */
export const INSTANCE_TAB_PATH = 'argocd';
