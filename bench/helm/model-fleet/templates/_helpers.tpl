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
