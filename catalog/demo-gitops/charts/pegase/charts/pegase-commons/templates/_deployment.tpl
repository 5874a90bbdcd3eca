{{/*
pegase-commons: named templates shared by the Pégase charts (library chart: nothing is
rendered from this file on its own).
*/}}
{{- define "pegase-commons.labels" -}}
app.kubernetes.io/name: {{ .Values.workload | default .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: pegase
{{- end }}

{{- define "pegase-commons.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Values.workload | default .Chart.Name }}
  labels:
    {{- include "pegase-commons.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount | default 1 }}
  selector:
    matchLabels:
      {{- include "pegase-commons.labels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "pegase-commons.labels" . | nindent 8 }}
    spec:
      serviceAccountName: {{ .Values.serviceAccount.name | default .Chart.Name }}
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
{{- end }}
