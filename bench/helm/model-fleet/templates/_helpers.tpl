{{/* Object name of one version: <model>-<version with dots as dashes>. Args: (list $model $version) */}}
{{- define "fleet.versionName" -}}
{{ index . 0 }}-{{ index . 1 | replace "." "-" }}
{{- end -}}

{{/* Labels of every object of a model. Args: (dict "model" $m "root" $) */}}
{{- define "fleet.modelLabels" -}}
app.kubernetes.io/component: model-server
app.kubernetes.io/managed-by: cdk8s-model-serving
app.kubernetes.io/name: {{ .model.modelName }}
app.kubernetes.io/part-of: {{ .root.Values.partOf }}
{{- end -}}

{{/* Labels of a version's objects. Args: (dict "model" $m "version" $v "root" $) */}}
{{- define "fleet.versionLabels" -}}
{{ include "fleet.modelLabels" . }}
app.kubernetes.io/version: {{ .version.version | quote }}
{{- end -}}

{{/* Selector of a version's pods. Args: (dict "model" $m "version" $v) */}}
{{- define "fleet.versionSelector" -}}
app.kubernetes.io/name: {{ .model.modelName }}
app.kubernetes.io/version: {{ .version.version | quote }}
{{- end -}}

{{/* Namespace, sync wave and labels of a model's HTTPRoutes. Args: (dict "model" $m "root" $) */}}
{{- define "fleet.routeMetadata" -}}
namespace: {{ .root.Values.namespace }}
annotations:
  argocd.argoproj.io/sync-wave: "2"
labels:
  {{- include "fleet.modelLabels" . | nindent 2 }}
{{- end -}}

{{/* parentRefs and hostnames of a model's HTTPRoutes. Args: $model */}}
{{- define "fleet.routeParents" -}}
parentRefs:
  {{- toYaml .gateway.parentRefs | nindent 2 }}
hostnames:
  {{- toYaml .gateway.hostnames | nindent 2 }}
{{- end -}}

{{/* The model's public API paths (V2 and V1), the only paths its routes match. Arg: the model. */}}
{{- define "fleet.publicPaths" -}}
- path:
    type: PathPrefix
    value: /v2/models/{{ .modelName }}
- path:
    type: PathPrefix
    value: /v1/models/{{ .modelName }}
- path:
    type: Exact
    value: /v1/models/{{ .modelName }}:predict
- path:
    type: Exact
    value: /v1/models/{{ .modelName }}:explain
{{- end -}}

{{/* The rule pinning one version: the header on a public path, or the versioned OIP path. Args: (dict "model" $m "version" $v "root" $) */}}
{{- define "fleet.pinRule" -}}
- name: pin-{{ .version.version | replace "." "-" }}
  matches:
    {{- range $p := list (printf "/v2/models/%s" .model.modelName) (printf "/v1/models/%s" .model.modelName) }}
    - headers:
        - name: {{ $.root.Values.versionHeader }}
          type: Exact
          value: {{ $.version.version | quote }}
      path:
        type: PathPrefix
        value: {{ $p }}
    {{- end }}
    {{- range $p := list (printf "/v1/models/%s:predict" .model.modelName) (printf "/v1/models/%s:explain" .model.modelName) }}
    - headers:
        - name: {{ $.root.Values.versionHeader }}
          type: Exact
          value: {{ $.version.version | quote }}
      path:
        type: Exact
        value: {{ $p }}
    {{- end }}
    - path:
        type: PathPrefix
        value: /v2/models/{{ .model.modelName }}/versions/{{ .version.version }}
  backendRefs:
    - name: {{ include "fleet.versionName" (list .model.modelName .version.version) }}
      port: {{ .root.Values.servicePort }}
{{- end -}}
