import { checkManifests } from '../support/manifest-checker/index';
import { addGrpc, goodDeployment } from './fixtures';
import { expectOnlyRule, find, server, violationsAfter } from './test-helpers';

describe('selectors', () => {
  test('semantic/selector-template: a workload selector not matching its own template labels fails', () => {
    const violations = violationsAfter((objects) => { find(objects, 'Deployment').spec.selector.matchLabels['app.kubernetes.io/version'] = '2.0.0'; });
    expect(violations.map((v) => v.rule)).toContain('semantic/selector-template');
    expect(violations.find((v) => v.rule === 'semantic/selector-template')!.message).toContain('does not match the pod template labels');
  });

  test('semantic/selector-template: matchExpressions are evaluated', () => {
    const deployment = goodDeployment();
    deployment.spec.selector = { matchLabels: { 'app.kubernetes.io/name': 'iris' }, matchExpressions: [{ key: 'app.kubernetes.io/version', operator: 'NotIn', values: ['1.0.0'] }] };
    expectOnlyRule(checkManifests([deployment]), 'semantic/selector-template');
    deployment.spec.selector.matchExpressions = [{ key: 'app.kubernetes.io/version', operator: 'In', values: ['1.0.0', '1.1.0'] }];
    expect(checkManifests([deployment])).toEqual([]);
  });

  test('semantic/service-selector: a Service selecting no pod template of the set fails', () => {
    const violations = violationsAfter((objects) => { find(objects, 'Service').spec.selector['app.kubernetes.io/name'] = 'iriss'; });
    expectOnlyRule(violations, 'semantic/service-selector');
    expect(violations[0].object).toBe('Service/models/iris-1-0-0');
  });

  test('semantic/service-selector: pods in another namespace do not count', () => {
    expectOnlyRule(violationsAfter((objects) => {
      for (const o of objects.filter((x) => x.kind !== 'Deployment')) o.metadata.namespace = 'other';
    }).filter((v) => v.object.startsWith('Service/')), 'semantic/service-selector');
  });
});

describe('ports and probes', () => {
  test('semantic/port-name: container port names longer than 15 characters fail', () => {
    const violations = violationsAfter((objects) => {
      server(objects).ports[1].name = 'prometheus-metrics';
      find(objects, 'Service').spec.ports[1].targetPort = 9090;
    });
    expectOnlyRule(violations, 'semantic/port-name');
    expect(violations[0].message).toBe('spec.template.spec.containers[0](server).ports[1]: port name "prometheus-metrics" must be 1-15 characters (it is 18)');
  });

  test.each([['HTTP', 'lowercase'], ['8080', 'at least one letter'], ['-http', "start or end with '-'"], ['h--p', "contain '--'"]])(
    'semantic/port-name: Service port name %j fails (%s)', (name, reason) => {
      const violations = violationsAfter((objects) => { find(objects, 'Service').spec.ports[0].name = name; });
      expectOnlyRule(violations, 'semantic/port-name');
      expect(violations[0].message).toContain(reason);
    });

  test('semantic/port-name: duplicate names, and unnamed ports of a multi-port Service, fail', () => {
    const violations = violationsAfter((objects) => {
      server(objects).ports[1].name = 'http';
      delete find(objects, 'Service').spec.ports[0].name;
      find(objects, 'Service').spec.ports[1].targetPort = 9090;
    });
    expectOnlyRule(violations, 'semantic/port-name');
    expect(violations.map((v) => v.message)).toEqual([
      'spec.template.spec.containers[0](server).ports[1]: port name "http" is used twice',
      'spec.ports[0] has no name; a Service with several ports must name each',
    ]);
  });

  test('semantic/service-port-number: a Service repeating a port number and protocol fails; the same number over UDP passes', () => {
    const violations = violationsAfter((objects) => { find(objects, 'Service').spec.ports[1].port = 80; });
    expectOnlyRule(violations, 'semantic/service-port-number');
    expect(violations[0].message).toBe('spec.ports[1] repeats port 80/TCP of spec.ports[0]; the API server refuses the Service');
    expect(violationsAfter((objects) => { Object.assign(find(objects, 'Service').spec.ports[1], { port: 80, protocol: 'UDP' }); })).toEqual([]);
  });

  test('semantic/service-target-port: a named targetPort the selected pods do not declare fails', () => {
    const violations = violationsAfter((objects) => { find(objects, 'Service').spec.ports[1].targetPort = 'prometheus'; });
    expectOnlyRule(violations, 'semantic/service-target-port');
    expect(violations[0].message).toBe('spec.ports[1].targetPort "prometheus" is not a container port name of Deployment/models/iris-1-0-0, which this Service selects');
    expect(violationsAfter((objects) => { find(objects, 'Service').spec.ports[1].targetPort = 9090; })).toEqual([]);
  });

  test('semantic/probe-port: a probe on an undeclared port name or number fails', () => {
    const violations = violationsAfter((objects) => {
      server(objects).readinessProbe.httpGet.port = 'web';
      server(objects).livenessProbe = { tcpSocket: { port: 8081 } };
      server(objects).startupProbe = { grpc: { port: 9000 } };
    });
    expectOnlyRule(violations, 'semantic/probe-port');
    expect(violations.map((v) => v.message)).toEqual([
      'spec.template.spec.containers[0](server).startupProbe.grpc.port 9000 is not a declared container port (declared: http=8080, metrics=9090)',
      'spec.template.spec.containers[0](server).readinessProbe.httpGet.port "web" is not a declared container port (declared: http=8080, metrics=9090)',
      'spec.template.spec.containers[0](server).livenessProbe.tcpSocket.port 8081 is not a declared container port (declared: http=8080, metrics=9090)',
    ]);
  });

  test('semantic/requests-limits: requests above limits fail, across units', () => {
    const violations = violationsAfter((objects) => {
      server(objects).resources.requests = { cpu: '1500m', memory: '1025Mi' };
      server(objects).resources.limits = { cpu: '1', memory: '1Gi' };
    });
    expectOnlyRule(violations, 'semantic/requests-limits');
    expect(violations.map((v) => v.message)).toEqual([
      'spec.template.spec.containers[0](server).resources.requests.cpu "1500m" exceeds limits.cpu "1"',
      'spec.template.spec.containers[0](server).resources.requests.memory "1025Mi" exceeds limits.memory "1Gi"',
    ]);
    expect(violationsAfter((objects) => { server(objects).resources.requests.memory = '1Gi'; })).toEqual([]);
  });
});

describe('autoscaling and disruption budgets', () => {
  test('semantic/hpa-min-max: minReplicas above maxReplicas fails', () => {
    const violations = violationsAfter((objects) => { find(objects, 'HorizontalPodAutoscaler').spec.minReplicas = 11; });
    expectOnlyRule(violations, 'semantic/hpa-min-max');
    expect(violations[0].message).toBe('spec.minReplicas 11 is greater than spec.maxReplicas 10');
  });

  test('semantic/hpa-target: scaleTargetRef naming a workload not in the set fails', () => {
    const violations = violationsAfter((objects) => { find(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'iris-2-0-0'; });
    expectOnlyRule(violations, 'semantic/hpa-target');
    expect(violations[0].message).toBe('spec.scaleTargetRef apps/v1 Deployment/iris-2-0-0 is not in this set of objects');
  });

  test('semantic/hpa-replicas: a Deployment scaled by an HPA must not set spec.replicas', () => {
    const violations = violationsAfter((objects) => { find(objects, 'Deployment').spec.replicas = 2; });
    expectOnlyRule(violations, 'semantic/hpa-replicas');
    expect(violations[0].object).toBe('Deployment/models/iris-1-0-0');
    // Without the HPA, replicas is fine.
    expect(violationsAfter((objects) => {
      find(objects, 'Deployment').spec.replicas = 2;
      objects.splice(objects.indexOf(find(objects, 'HorizontalPodAutoscaler')), 1);
    })).toEqual([]);
  });

  test('semantic/hpa-replicas: applies to any scale target, e.g. a StatefulSet', () => {
    const violations = violationsAfter((objects) => {
      const deployment = find(objects, 'Deployment');
      Object.assign(deployment, { kind: 'StatefulSet', spec: { ...deployment.spec, serviceName: 'iris-1-0-0', replicas: 2 } });
      delete deployment.spec.strategy;
      find(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef.kind = 'StatefulSet';
    });
    expectOnlyRule(violations, 'semantic/hpa-replicas');
    expect(violations[0].message).toContain('an HPA scales this StatefulSet');
  });

  test('semantic/pdb-budget: both or neither of minAvailable/maxUnavailable fails', () => {
    expectOnlyRule(violationsAfter((objects) => { find(objects, 'PodDisruptionBudget').spec.minAvailable = 1; }), 'semantic/pdb-budget');
    const neither = violationsAfter((objects) => { delete find(objects, 'PodDisruptionBudget').spec.maxUnavailable; });
    expectOnlyRule(neither, 'semantic/pdb-budget');
    expect(neither[0].message).toBe('exactly one of spec.minAvailable/spec.maxUnavailable must be set (found: none)');
  });

  test('semantic/pdb-selector: a PDB selecting no pod template, or everything, fails', () => {
    expectOnlyRule(violationsAfter((objects) => { find(objects, 'PodDisruptionBudget').spec.selector.matchLabels['app.kubernetes.io/name'] = 'mnist'; }), 'semantic/pdb-selector');
    expectOnlyRule(violationsAfter((objects) => { find(objects, 'PodDisruptionBudget').spec.selector = {}; }), 'semantic/pdb-selector');
  });
});

describe('label selection that fails silently on a cluster', () => {
  test('semantic/networkpolicy-selector: a NetworkPolicy selecting no pod template fails; {} selects all', () => {
    const violations = violationsAfter((objects) => { find(objects, 'NetworkPolicy').spec.podSelector.matchLabels['app.kubernetes.io/name'] = 'mnist'; });
    expectOnlyRule(violations, 'semantic/networkpolicy-selector');
    expect(violations[0].message).toContain('the policy protects nothing');
    expect(violationsAfter((objects) => { find(objects, 'NetworkPolicy').spec.podSelector = {}; })).toEqual([]);
  });

  test('semantic/servicemonitor-target: a ServiceMonitor selecting no Service, or an undeclared port name, fails', () => {
    const wrongPort = violationsAfter((objects) => { find(objects, 'ServiceMonitor').spec.endpoints[0].port = 'prometheus'; });
    expectOnlyRule(wrongPort, 'semantic/servicemonitor-target');
    expect(wrongPort[0].message).toBe('spec.endpoints[0].port "prometheus" is not a port name of the selected Service(s) iris-1-0-0');
    const noService = violationsAfter((objects) => { find(objects, 'ServiceMonitor').spec.namespaceSelector = { matchNames: ['monitoring'] }; });
    expectOnlyRule(noService, 'semantic/servicemonitor-target');
    expect(violationsAfter((objects) => { find(objects, 'ServiceMonitor').spec.namespaceSelector = { any: true }; })).toEqual([]);
  });
});

describe('routes and identity', () => {
  test('semantic/httproute-match-budget: more than 128 matches across a route\'s rules fail; exactly 128 pass', () => {
    const withMatches = (count: number) => violationsAfter((objects) => {
      const route = find(objects, 'HTTPRoute');
      const rule = route.spec.rules[0];
      route.spec.rules = Array.from({ length: 16 }, (_, i) => ({
        ...rule, name: `r${i}`, matches: Array.from({ length: i < count % 16 ? Math.ceil(count / 16) : Math.floor(count / 16) }, (_m, j) => ({ path: { type: 'PathPrefix', value: `/p${i}-${j}` } })),
      }));
    });
    expect(withMatches(128)).toEqual([]);
    const violations = withMatches(129);
    expectOnlyRule(violations, 'semantic/httproute-match-budget');
    expect(violations[0].message).toBe('spec.rules hold 129 matches; Gateway API allows at most 128 per route (the API server refuses the route)');
  });

  test('semantic/httproute-backend: a backendRef to a Service not in the set, or to a port it lacks, fails', () => {
    const violations = violationsAfter((objects) => {
      const rule = find(objects, 'HTTPRoute').spec.rules[0];
      rule.backendRefs.push({ name: 'iris-2-0-0', port: 80, weight: 0 }, { name: 'iris-1-0-0', port: 8080, weight: 0 });
    });
    expectOnlyRule(violations, 'semantic/httproute-backend');
    expect(violations.map((v) => v.message)).toEqual([
      'spec.rules[0].backendRefs[1] names Service "iris-2-0-0" in namespace "models", which is not in this set of objects',
      'spec.rules[0].backendRefs[2] targets port 8080, which Service "iris-1-0-0" does not expose',
    ]);
  });

  test('a GRPCRoute to an h2c Service port, with a mirror and a pin rule, passes the GRPCRoute CRD and every rule', () => {
    expect(violationsAfter((objects) => { addGrpc(objects); })).toEqual([]);
  });

  test('semantic/grpcroute-match-budget: the 128-match CEL rule holds for GRPCRoutes too', () => {
    const withMatches = (count: number) => violationsAfter((objects) => {
      const route = addGrpc(objects);
      const [weighted] = route.spec.rules;
      route.spec.rules = Array.from({ length: 16 }, (_, i) => ({
        ...weighted, name: `r${i}`, filters: undefined,
        matches: Array.from({ length: i < count % 16 ? Math.ceil(count / 16) : Math.floor(count / 16) }, (_m, j) => ({ method: { type: 'Exact', service: `s${i}.S${j}` } })),
      }));
      for (const rule of route.spec.rules) delete rule.filters;
    });
    expect(withMatches(128)).toEqual([]);
    const violations = withMatches(129);
    expectOnlyRule(violations, 'semantic/grpcroute-match-budget');
    expect(violations[0].message).toBe('spec.rules hold 129 matches; Gateway API allows at most 128 per route (the API server refuses the route)');
  });

  test('semantic/grpcroute-backend: a missing Service or port, a mirror to a missing port, or a port not marked HTTP/2 fails', () => {
    const violations = violationsAfter((objects) => {
      const route = addGrpc(objects);
      route.spec.rules[0].backendRefs.push({ name: 'iris-2-0-0', port: 8081, weight: 0 }, { name: 'iris-1-0-0', port: 80, weight: 0 });
      route.spec.rules[0].filters[0].requestMirror.backendRef.port = 9999;
    });
    expectOnlyRule(violations, 'semantic/grpcroute-backend');
    expect(violations.map((v) => v.message)).toEqual([
      'spec.rules[0].backendRefs[1] names Service "iris-2-0-0" in namespace "models", which is not in this set of objects',
      'spec.rules[0].backendRefs[2] targets port 80 of Service "iris-1-0-0", which is not marked HTTP/2 (appProtocol kubernetes.io/h2c or grpc, '
        + 'or a grpc-/http2- port name): the proxy would speak HTTP/1.1 to a gRPC server',
      'spec.rules[0].filters[0].requestMirror.backendRef targets port 9999, which Service "iris-1-0-0" does not expose',
    ]);
  });

  test('semantic/grpcroute-method: the CRD\'s CEL grammar of services and methods', () => {
    const violations = violationsAfter((objects) => {
      const [weighted, pin] = addGrpc(objects).spec.rules;
      weighted.matches[0].method.service = 'inference/GRPCInferenceService';
      pin.matches[0].method = { type: 'Exact', service: 'inference.GRPCInferenceService', method: 'Model-Infer' };
      weighted.matches.push({ method: { type: 'Exact' } });
    });
    expectOnlyRule(violations, 'semantic/grpcroute-method');
    expect(violations.map((v) => v.message)).toEqual([
      'spec.rules[0].matches[0].method.service "inference/GRPCInferenceService" is not a gRPC service name',
      'spec.rules[0].matches[1].method sets a type but neither service nor method',
      'spec.rules[1].matches[0].method.method "Model-Infer" is not a gRPC method name',
    ]);
    expect(violationsAfter((objects) => { addGrpc(objects).spec.rules[0].matches[0].method = { type: 'RegularExpression', service: 'inference\\..*' }; })).toEqual([]);
  });

  test('schema/strict: the vendored GRPCRoute CRD bites (unknown field, a weight above 1000000, a path match)', () => {
    const violations = violationsAfter((objects) => {
      const route = addGrpc(objects);
      route.spec.rules[0].backendRefs[0].weight = 1_000_001;
      route.spec.rules[1].matches[0].path = { type: 'PathPrefix', value: '/inference' };
    });
    expectOnlyRule(violations, 'schema/strict');
    expect(violations.map((v) => v.message)).toEqual(expect.arrayContaining([
      'spec.rules[1].matches[0]: unknown field "path"',
      expect.stringMatching(/^spec\.rules\[0\]\.backendRefs\[0\]\.weight: must be <= 1000000/),
    ]));
  });

  test('semantic/duplicate-object: the same group/kind/namespace/name twice fails, even across versions', () => {
    const violations = violationsAfter((objects) => {
      const hpa = find(objects, 'HorizontalPodAutoscaler');
      objects.push({ ...hpa, apiVersion: 'autoscaling/v1', spec: { scaleTargetRef: hpa.spec.scaleTargetRef, minReplicas: 2, maxReplicas: 10 } });
    });
    expectOnlyRule(violations, 'semantic/duplicate-object');
    expect(violations[0].object).toBe('HorizontalPodAutoscaler/models/iris-1-0-0');
  });

  test('the same name in another kind or namespace is not a duplicate', () => {
    const objects = [goodDeployment(), { ...goodDeployment(), metadata: { ...goodDeployment().metadata, namespace: 'staging' } }];
    expect(checkManifests(objects)).toEqual([]);
  });
});
