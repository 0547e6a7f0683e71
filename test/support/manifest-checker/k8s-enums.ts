/**
 * Enumerations the API server enforces in Go validation but the Kubernetes 1.28 OpenAPI v2 definitions do not
 * declare (the `// +enum` values of k8s.io/api 1.28). Without them `strategy.type: Rolling` or
 * `seccompProfile.type: RuntimeDefualt` would pass the schema and fail only at apply time.
 * Keys are `definition name` → `property` → allowed values (for array properties: allowed item values).
 */
export const K8S_ENUMS: Record<string, Record<string, string[]>> = {
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: ['Recreate', 'RollingUpdate'] },
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy': { type: ['OnDelete', 'RollingUpdate'] },
  'io.k8s.api.apps.v1.StatefulSetSpec': { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy': { type: ['OnDelete', 'RollingUpdate'] },
  'io.k8s.api.batch.v1.CronJobSpec': { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  'io.k8s.api.batch.v1.JobSpec': { completionMode: ['Indexed', 'NonIndexed'] },
  'io.k8s.api.core.v1.ServiceSpec': {
    type: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
    sessionAffinity: ['ClientIP', 'None'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    ipFamilyPolicy: ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
  },
  'io.k8s.api.core.v1.ServicePort': { protocol: ['SCTP', 'TCP', 'UDP'] },
  'io.k8s.api.core.v1.ContainerPort': { protocol: ['SCTP', 'TCP', 'UDP'] },
  'io.k8s.api.core.v1.Container': {
    imagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
    terminationMessagePolicy: ['FallbackToLogsOnError', 'File'],
  },
  'io.k8s.api.core.v1.PodSpec': {
    restartPolicy: ['Always', 'Never', 'OnFailure'],
    dnsPolicy: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
    preemptionPolicy: ['Never', 'PreemptLowerPriority'],
  },
  'io.k8s.api.core.v1.SeccompProfile': { type: ['Localhost', 'RuntimeDefault', 'Unconfined'] },
  'io.k8s.api.core.v1.SecurityContext': { procMount: ['Default', 'Unmasked'] },
  'io.k8s.api.core.v1.PodSecurityContext': { fsGroupChangePolicy: ['Always', 'OnRootMismatch'] },
  'io.k8s.api.core.v1.Toleration': { operator: ['Equal', 'Exists'], effect: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] },
  'io.k8s.api.core.v1.TopologySpreadConstraint': {
    whenUnsatisfiable: ['DoNotSchedule', 'ScheduleAnyway'],
    nodeAffinityPolicy: ['Honor', 'Ignore'],
    nodeTaintsPolicy: ['Honor', 'Ignore'],
  },
  'io.k8s.api.core.v1.HTTPGetAction': { scheme: ['HTTP', 'HTTPS'] },
  'io.k8s.api.core.v1.NodeSelectorRequirement': { operator: ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': { operator: ['DoesNotExist', 'Exists', 'In', 'NotIn'] },
  'io.k8s.api.networking.v1.NetworkPolicyPort': { protocol: ['SCTP', 'TCP', 'UDP'] },
  'io.k8s.api.networking.v1.NetworkPolicySpec': { policyTypes: ['Egress', 'Ingress'] },
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': { unhealthyPodEvictionPolicy: ['AlwaysAllow', 'IfHealthyBudget'] },
  'io.k8s.api.autoscaling.v2.MetricSpec': { type: ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'] },
  'io.k8s.api.autoscaling.v2.MetricTarget': { type: ['AverageValue', 'Utilization', 'Value'] },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': { selectPolicy: ['Disabled', 'Max', 'Min'] },
  'io.k8s.api.autoscaling.v2.HPAScalingPolicy': { type: ['Percent', 'Pods'] },
};

/** Adds K8S_ENUMS to (a copy of) the definitions; throws if the overlay names a field that does not exist. */
export function withEnums(definitions: Record<string, any>): Record<string, any> {
  for (const [definition, fields] of Object.entries(K8S_ENUMS)) {
    for (const [field, values] of Object.entries(fields)) {
      const property = definitions[definition]?.properties?.[field];
      if (!property) throw new Error(`k8s-enums: ${definition}.${field} is not in the Kubernetes 1.28 definitions`);
      if (property.type === 'array') property.items = { ...property.items, enum: values };
      else property.enum = values;
    }
  }
  return definitions;
}
