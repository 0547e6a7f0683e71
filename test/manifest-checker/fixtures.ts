/**
 * A realistic, fully valid model-serving set (restricted Deployment, Services, HPA, PDB, NetworkPolicy,
 * HTTPRoute, ServiceMonitor, ServiceAccount) used by the checker's own tests: each bad-case test breaks
 * exactly one thing in a fresh copy and asserts the rule id.
 */
import { K8sObject } from '../support/manifest-checker/types';

const NS = 'models';
const POD_LABELS = { 'app.kubernetes.io/name': 'iris', 'app.kubernetes.io/version': '1.0.0' };

export function goodDeployment(): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'iris-1-0-0', namespace: NS, labels: { ...POD_LABELS } },
    spec: {
      selector: { matchLabels: { ...POD_LABELS } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      minReadySeconds: 5,
      revisionHistoryLimit: 5,
      template: {
        metadata: { labels: { ...POD_LABELS }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          serviceAccountName: 'iris',
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 45,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          initContainers: [{
            name: 'fetch-model',
            image: 'ghcr.io/example/fetch:1.2.3',
            args: ['s3://models/iris/1.0.0', '/models'],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            securityContext: restrictedContainerSecurity(),
            volumeMounts: [{ name: 'model', mountPath: '/models' }],
          }],
          containers: [{
            name: 'server',
            image: 'ghcr.io/example/serving@sha256:' + 'a'.repeat(64),
            ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
            env: [{ name: 'MODEL_DIR', value: '/models' }],
            resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' } },
            startupProbe: { httpGet: { path: '/v2/health/ready', port: 'http' }, failureThreshold: 60, periodSeconds: 5 },
            readinessProbe: { httpGet: { path: '/v2/health/ready', port: 'http' }, periodSeconds: 5 },
            livenessProbe: { httpGet: { path: '/v2/health/live', port: 8080 }, periodSeconds: 10 },
            securityContext: restrictedContainerSecurity(),
            volumeMounts: [{ name: 'model', mountPath: '/models', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'model', emptyDir: { sizeLimit: '2Gi' } }, { name: 'tmp', emptyDir: {} }],
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...POD_LABELS } } }],
        },
      },
    },
  };
}

export function restrictedContainerSecurity(): K8sObject {
  return { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
}

export function goodSet(): K8sObject[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'iris', namespace: NS }, automountServiceAccountToken: false },
    goodDeployment(),
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'iris-1-0-0', namespace: NS, labels: { ...POD_LABELS } },
      spec: { selector: { ...POD_LABELS }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics' }] },
    },
    {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'iris-1-0-0', namespace: NS },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'iris-1-0-0' },
        minReplicas: 2, maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    },
    {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
      metadata: { name: 'iris-1-0-0', namespace: NS },
      spec: { maxUnavailable: 1, selector: { matchLabels: { ...POD_LABELS } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
      metadata: { name: 'iris', namespace: NS },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'iris' } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway' } } }, { podSelector: {} }], ports: [{ protocol: 'TCP', port: 'http' }] },
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9090 }] },
        ],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute',
      metadata: { name: 'iris', namespace: NS },
      spec: {
        parentRefs: [{ name: 'public', namespace: 'gateway' }],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v2/models/iris' } }], backendRefs: [{ name: 'iris-1-0-0', port: 80, weight: 100 }] }],
      },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor',
      metadata: { name: 'iris', namespace: NS },
      spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'iris' } }, endpoints: [{ port: 'metrics', interval: '30s' }] },
    },
  ];
}

/**
 * Adds gRPC to the good set, still fully valid: a `grpc` container port, an h2c Service port and a
 * GRPCRoute (weighted rule with a mirror, and a pin rule) in front of it.
 */
export function addGrpc(objects: K8sObject[]): K8sObject {
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  deployment.spec.template.spec.containers[0].ports.push({ name: 'grpc', containerPort: 8081 });
  objects.find((o) => o.kind === 'Service')!.spec.ports.push({ name: 'grpc', port: 8081, targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c' });
  const method = { type: 'Exact', service: 'inference.GRPCInferenceService', method: 'ModelInfer' };
  const route: K8sObject = {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute',
    metadata: { name: 'iris', namespace: NS },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'grpc' }],
      hostnames: ['grpc.iris.example.com'],
      rules: [
        {
          name: 'weighted',
          matches: [{ method }],
          filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'iris-1-0-0', port: 8081 }, percent: 10 } }],
          backendRefs: [{ name: 'iris-1-0-0', port: 8081, weight: 100 }],
        },
        { name: 'pin-1-0-0', matches: [{ method, headers: [{ type: 'Exact', name: 'x-model-version', value: '1.0.0' }] }], backendRefs: [{ name: 'iris-1-0-0', port: 8081 }] },
      ],
    },
  };
  objects.push(route);
  return route;
}
