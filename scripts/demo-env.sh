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
# Rollouts (docs/rollouts.md) move in the demo within a minute or two a wave: the
# advancer ticks every 5 s and a merged wave soaks 20 s (production defaults: 30 s
# and 600 s). The ArgoCD stand-in re-reads the repository every 3 s (start-all), keeps
# an Application the repository moved Progressing 15 s after its sync, and
# ends Degraded any instance synced to a version of PEGASE_STANDIN_DEGRADED_VERSIONS
# (e2e/rollouts.spec.ts: a rollout to 24.3.1 pauses on its gate); the metrics
# exporter fires an alert for the versions of PEGASE_STANDIN_ALERT_VERSIONS (none).
: "${PEGASE_ROLLOUT_TICK_SECONDS:=5}"
: "${PEGASE_ROLLOUT_SOAK_SECONDS:=20}"
: "${PEGASE_ARGOCD_PROGRESS_MS:=15000}"
: "${PEGASE_STANDIN_DEGRADED_VERSIONS:=24.3.1}"
: "${PEGASE_STANDIN_ALERT_VERSIONS:=}"
export PEGASE_ROLLOUT_TICK_SECONDS PEGASE_ROLLOUT_SOAK_SECONDS PEGASE_ARGOCD_PROGRESS_MS \
  PEGASE_STANDIN_DEGRADED_VERSIONS PEGASE_STANDIN_ALERT_VERSIONS
export PEGASE_GITOPS_DIR GITOPS_REPO_URL GITOPS_TOKEN ARGOCD_URL ARGOCD_TOKEN PEGASE_ARGOCD_PROFILE \
  VAULT_ADDR VAULT_TOKEN KUBE_API_URL KUBE_TOKEN GITLAB_URL GITLAB_TOKEN \
  GITHUB_API_URL GITHUB_TOKEN THANOS_URL THANOS_TOKEN
