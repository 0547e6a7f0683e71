/**
 * The hand-written cdk8s baseline: the very objects ModelServing emits for the benchmark fleet,
 * written directly with cdk8s-plus-28's `k8s` classes and the imported HTTPRoute, with no
 * validation, defaults resolution or sync-wave pass. The gap between this and construct-app.js
 * is what the construct's own logic costs; the rest is cdk8s itself.
 * Usage: node bench/synth/baseline-app.js <versionCount> <outdir>
 */
'use strict';

const started = performance.now();
const { App, Chart } = require('cdk8s');
const { k8s } = require('cdk8s-plus-28');
const gw = require('../../build/imports/gateway-gateway.networking.k8s.io');
const { fleet, parseArgs, NAMESPACE } = require('./fleet');

const PORT = 8080;
const METRICS_PORT = 9090;
const SERVICE_PORT = 80;
const wave = (n) => ({ 'argocd.argoproj.io/sync-wave': String(n) });
const port = (name) => k8s.IntOrString.fromString(name);

function modelObjects(chart, m) {
  const labels = {
    'app.kubernetes.io/component': 'model-server',
    'app.kubernetes.io/managed-by': 'cdk8s-model-serving',
    'app.kubernetes.io/name': m.modelName,
    'app.kubernetes.io/part-of': 'model-serving',
  };
  const meta = (name, w, extra = {}) => ({ name, labels: { ...labels, ...extra }, annotations: wave(w) });
  new k8s.KubeServiceAccount(chart, `${m.modelName}-sa`, { metadata: meta(m.modelName, -1), automountServiceAccountToken: false });
  new k8s.KubeService(chart, `${m.modelName}-svc`, {
    metadata: meta(m.modelName, 0),
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': m.modelName },
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: port('http'), protocol: 'TCP' }],
    },
  });
  new k8s.KubeNetworkPolicy(chart, `${m.modelName}-netpol`, {
    metadata: meta(m.modelName, -1),
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': m.modelName } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: {} }, ...m.gateway.parentRefs.map((ref) => ({
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ref.namespace } },
          }))],
          ports: [{ port: port('http'), protocol: 'TCP' }],
        },
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
          ports: [{ port: port('metrics'), protocol: 'TCP' }],
        },
      ],
    },
  });
  const versionName = (v) => `${m.modelName}-${v.version.replace(/\./g, '-')}`;
  new gw.HttpRoute(chart, `${m.modelName}-route`, {
    metadata: meta(m.modelName, 2),
    spec: {
      parentRefs: m.gateway.parentRefs,
      hostnames: m.gateway.hostnames,
      rules: [
        {
          name: 'weighted',
          matches: [{ path: { type: gw.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
          backendRefs: m.versions.map((v) => ({ name: versionName(v), port: SERVICE_PORT, weight: v.weight })),
        },
        ...m.versions.map((v) => ({
          name: `pin-${v.version.replace(/\./g, '-')}`,
          matches: [
            { headers: [{ type: gw.HttpRouteSpecRulesMatchesHeadersType.EXACT, name: 'x-model-version', value: v.version }] },
            { path: { type: gw.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: `/v2/models/${m.modelName}/versions/${v.version}` } },
          ],
          backendRefs: [{ name: versionName(v), port: SERVICE_PORT }],
        })),
      ],
    },
  });
  for (const v of m.versions) versionObjects(chart, m, v, versionName(v), { ...labels, 'app.kubernetes.io/version': v.version });
}

function versionObjects(chart, m, v, name, labels) {
  const selector = { 'app.kubernetes.io/name': m.modelName, 'app.kubernetes.io/version': v.version };
  const meta = (w, annotations = {}) => ({ name, labels, annotations: { ...wave(w), ...annotations } });
  const resources = { cpu: k8s.Quantity.fromString(m.resources.cpu), memory: k8s.Quantity.fromString(m.resources.memory) };
  const httpGet = (path) => ({ path, port: port('http') });
  new k8s.KubeDeployment(chart, `${name}-deploy`, {
    metadata: meta(0, { 'model-serving.cdk8s.io/image': v.image }),
    spec: {
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
      minReadySeconds: 10,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 5,
      template: {
        metadata: {
          labels,
          annotations: { 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/scrape': 'true' },
        },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          serviceAccountName: m.modelName,
          terminationGracePeriodSeconds: 40,
          securityContext: { fsGroup: 65532, runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'server',
            image: v.image,
            imagePullPolicy: 'IfNotPresent',
            env: [
              { name: 'DRAIN_DELAY_SECONDS', value: '5' },
              { name: 'METRICS_PORT', value: String(METRICS_PORT) },
              { name: 'MODEL_NAME', value: m.modelName },
              { name: 'MODEL_VERSION', value: v.version },
              { name: 'PORT', value: String(PORT) },
              { name: 'SHUTDOWN_TIMEOUT_SECONDS', value: '35' },
            ],
            ports: [
              { name: 'http', containerPort: PORT, protocol: 'TCP' },
              { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
            ],
            startupProbe: { httpGet: httpGet('/v2/health/ready'), periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60 },
            readinessProbe: { httpGet: httpGet('/v2/health/ready'), periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 },
            livenessProbe: { httpGet: httpGet('/v2/health/live'), periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
            resources: { requests: resources, limits: resources },
            securityContext: {
              allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true,
            },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          topologySpreadConstraints: [{
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'ScheduleAnyway',
            matchLabelKeys: ['pod-template-hash'],
            labelSelector: { matchLabels: selector },
          }],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } }],
        },
      },
    },
  });
  new k8s.KubeService(chart, `${name}-svc`, {
    metadata: meta(0),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [
        { name: 'http', port: SERVICE_PORT, targetPort: port('http'), protocol: 'TCP' },
        { name: 'metrics', port: METRICS_PORT, targetPort: port('metrics'), protocol: 'TCP' },
      ],
    },
  });
  new k8s.KubeHorizontalPodAutoscalerV2(chart, `${name}-hpa`, {
    metadata: meta(1),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: v.replicas ?? m.autoscaling.minReplicas,
      maxReplicas: m.autoscaling.maxReplicas,
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
      metrics: [{
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: m.autoscaling.targetCpuUtilizationPercent } },
      }],
    },
  });
  new k8s.KubePodDisruptionBudget(chart, `${name}-pdb`, {
    metadata: meta(1),
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  });
}

const loaded = performance.now();
const { versionCount, outdir } = parseArgs(process.argv);
const app = new App({ outdir });
const chart = new Chart(app, 'fleet', { namespace: NAMESPACE });
for (const m of fleet(versionCount)) modelObjects(chart, m);
const constructed = performance.now();
app.synth();
const synthesized = performance.now();

console.log(JSON.stringify({
  loadMs: loaded - started,
  constructMs: constructed - loaded,
  synthMs: synthesized - constructed,
}));
