# Source this file: the URLs and credentials of the demo upstreams (stand-ins on
# their fixed ports, docs/architecture.md), unless already set in the environment.
: "${PEGASE_GITOPS_DIR:=$PEGASE_ROOT/catalog/demo-gitops}"
: "${GITOPS_REPO_URL:=http://127.0.0.1:18100/gitops.git}"
: "${GITOPS_TOKEN:=demo-gitops-token}"
: "${ARGOCD_URL:=http://127.0.0.1:18110}"
: "${ARGOCD_TOKEN:=demo-argocd-token}"
# The ArgoCD version the stand-in answers as: v2.14 (most hosting teams) or v3.5
: "${PEGASE_ARGOCD_PROFILE:=v2.14}"
: "${VAULT_ADDR:=http://127.0.0.1:18120}"
: "${VAULT_TOKEN:=demo-vault-token}"
: "${KUBE_API_URL:=http://127.0.0.1:18130}"
: "${KUBE_TOKEN:=demo-kube-token}"
: "${GITLAB_URL:=http://127.0.0.1:18140}"
: "${GITLAB_TOKEN:=demo-gitlab-token}"
: "${GITHUB_API_URL:=http://127.0.0.1:18150}"
: "${GITHUB_TOKEN:=demo-github-token}"
: "${THANOS_URL:=http://127.0.0.1:19090}"
: "${THANOS_TOKEN:=}"
export PEGASE_GITOPS_DIR GITOPS_REPO_URL GITOPS_TOKEN ARGOCD_URL ARGOCD_TOKEN PEGASE_ARGOCD_PROFILE \
  VAULT_ADDR VAULT_TOKEN KUBE_API_URL KUBE_TOKEN GITLAB_URL GITLAB_TOKEN \
  GITHUB_API_URL GITHUB_TOKEN THANOS_URL THANOS_TOKEN
