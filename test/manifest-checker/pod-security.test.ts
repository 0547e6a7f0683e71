import { checkManifests } from '../support/manifest-checker/index';
import { goodDeployment } from './fixtures';
import { expectOnlyRule, podSpec, server, violationsAfter } from './test-helpers';
import { K8sObject } from '../support/manifest-checker/types';

/** The good set with one change to the Deployment's pod spec. */
const afterPodChange = (change: (pod: K8sObject, objects: K8sObject[]) => void) =>
  violationsAfter((objects) => change(podSpec(objects), objects));

describe('Pod Security Standards: baseline (1.28)', () => {
  test.each(['hostNetwork', 'hostPID', 'hostIPC'])('%s: true fails', (field) => {
    const violations = afterPodChange((pod) => { pod[field] = true; });
    expectOnlyRule(violations, 'pss-baseline/host-namespaces');
    expect(violations[0].message).toBe(`spec.template.spec.${field} is true; host namespaces are forbidden`);
  });

  test('privileged containers fail (init containers too)', () => {
    const violations = afterPodChange((pod) => { pod.initContainers[0].securityContext.privileged = true; });
    expectOnlyRule(violations, 'pss-baseline/privileged');
    expect(violations[0].message).toBe('spec.template.spec.initContainers[0](fetch-model).securityContext.privileged is true');
  });

  test('hostPath volumes fail (and are not a restricted volume type either)', () => {
    const rules = afterPodChange((pod) => { pod.volumes.push({ name: 'host', hostPath: { path: '/var/run' } }); }).map((v) => v.rule);
    expect(rules).toEqual(['pss-baseline/hostPath', 'pss-restricted/volumeTypes']);
  });

  test('hostPort fails; hostPort 0 is the same as unset', () => {
    expectOnlyRule(afterPodChange((pod) => { pod.containers[0].ports[0].hostPort = 8080; }), 'pss-baseline/hostPorts');
    expect(afterPodChange((pod) => { pod.containers[0].ports[0].hostPort = 0; })).toEqual([]);
  });

  test('windows hostProcess fails', () => {
    expectOnlyRule(afterPodChange((pod) => { pod.securityContext.windowsOptions = { hostProcess: true }; }), 'pss-baseline/hostProcess');
  });

  test('AppArmor annotations other than runtime/default or localhost/* fail', () => {
    const key = 'container.apparmor.security.beta.kubernetes.io/server';
    const annotate = (value: string) => violationsAfter((objects) => {
      objects.find((o) => o.kind === 'Deployment')!.spec.template.metadata.annotations[key] = value;
    });
    expectOnlyRule(annotate('unconfined'), 'pss-baseline/appArmor');
    expect(annotate('runtime/default')).toEqual([]);
    expect(annotate('localhost/k8s-serving')).toEqual([]);
  });

  test('SELinux: custom types, user or role fail; container_t passes', () => {
    expectOnlyRule(afterPodChange((pod) => { pod.securityContext.seLinuxOptions = { type: 'spc_t' }; }), 'pss-baseline/seLinux');
    expectOnlyRule(afterPodChange((pod) => { pod.containers[0].securityContext.seLinuxOptions = { user: 'root' }; }), 'pss-baseline/seLinux');
    expect(afterPodChange((pod) => { pod.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' }; })).toEqual([]);
  });

  test('procMount Unmasked fails', () => {
    expectOnlyRule(afterPodChange((pod) => { pod.containers[0].securityContext.procMount = 'Unmasked'; }), 'pss-baseline/procMount');
  });

  test('unsafe sysctls fail, safe ones pass', () => {
    const violations = afterPodChange((pod) => { pod.securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '65536' }]; });
    expectOnlyRule(violations, 'pss-baseline/sysctls');
    expect(violations[0].message).toBe('spec.template.spec.securityContext.sysctls[1].name "kernel.msgmax" is not a safe sysctl');
  });
});

describe('Pod Security Standards: restricted (1.28)', () => {
  test('volume types outside the restricted list fail, the message names the type', () => {
    const violations = afterPodChange((pod) => { pod.volumes.push({ name: 'nfs', nfs: { server: 'nfs.local', path: '/models' } }); });
    expectOnlyRule(violations, 'pss-restricted/volumeTypes');
    expect(violations[0].message).toContain('spec.template.spec.volumes[2](nfs) uses volume type "nfs"');
  });

  test('allowPrivilegeEscalation must be explicitly false on every container', () => {
    const violations = afterPodChange((pod) => { delete pod.initContainers[0].securityContext.allowPrivilegeEscalation; });
    expectOnlyRule(violations, 'pss-restricted/allowPrivilegeEscalation');
    expect(violations[0].message).toContain('initContainers[0](fetch-model).securityContext.allowPrivilegeEscalation is undefined');
  });

  test('runAsNonRoot: missing on pod and container fails; per-container true suffices; false anywhere fails', () => {
    const missing = afterPodChange((pod) => { delete pod.securityContext.runAsNonRoot; });
    expectOnlyRule(missing, 'pss-restricted/runAsNonRoot');
    expect(missing).toHaveLength(2); // the init container and the server
    expect(afterPodChange((pod) => {
      delete pod.securityContext.runAsNonRoot;
      for (const c of [...pod.initContainers, ...pod.containers]) c.securityContext.runAsNonRoot = true;
    })).toEqual([]);
    expectOnlyRule(afterPodChange((pod) => { pod.containers[0].securityContext.runAsNonRoot = false; }), 'pss-restricted/runAsNonRoot');
  });

  test('runAsUser 0 fails at pod and container level', () => {
    expectOnlyRule(afterPodChange((pod) => { pod.securityContext.runAsUser = 0; }), 'pss-restricted/runAsUser');
    expectOnlyRule(afterPodChange((pod) => { pod.containers[0].securityContext.runAsUser = 0; }), 'pss-restricted/runAsUser');
  });

  test('seccompProfile: missing everywhere fails, Unconfined fails, Localhost passes', () => {
    expectOnlyRule(afterPodChange((pod) => { delete pod.securityContext.seccompProfile; }), 'pss-restricted/seccompProfile');
    expectOnlyRule(afterPodChange((pod) => { pod.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }; }), 'pss-restricted/seccompProfile');
    expect(afterPodChange((pod) => { pod.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'serving.json' }; })).toEqual([]);
  });

  test('capabilities: drop must include ALL; only NET_BIND_SERVICE may be added', () => {
    expectOnlyRule(afterPodChange((pod) => { pod.containers[0].securityContext.capabilities.drop = ['NET_RAW']; }), 'pss-restricted/capabilities');
    const added = afterPodChange((pod) => { pod.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN']; });
    expectOnlyRule(added, 'pss-restricted/capabilities');
    expect(added.map((v) => v.message)).toEqual(['spec.template.spec.containers[0](server).securityContext.capabilities.add has "SYS_ADMIN"; only NET_BIND_SERVICE may be added']);
  });

  test('a bare Pod, a Job and a CronJob are checked too', () => {
    const insecurePod = (spec: K8sObject) => ({ ...spec, securityContext: {}, initContainers: [], containers: [{ ...spec.containers[0], securityContext: {} }] });
    const template = goodDeployment().spec.template;
    const objects = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'models' }, spec: insecurePod(template.spec) },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'models' }, spec: { template: { spec: { ...insecurePod(template.spec), restartPolicy: 'Never' } } } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'models' }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { ...insecurePod(template.spec), restartPolicy: 'Never' } } } } } },
    ];
    const byObject = new Map<string, Set<string>>();
    for (const v of checkManifests(objects)) byObject.set(v.object, (byObject.get(v.object) ?? new Set()).add(v.rule));
    for (const object of ['Pod/models/p', 'Job/models/j', 'CronJob/models/c']) {
      expect([...byObject.get(object)!].sort()).toEqual([
        'policy/readOnlyRootFilesystem', 'pss-restricted/allowPrivilegeEscalation', 'pss-restricted/capabilities',
        'pss-restricted/runAsNonRoot', 'pss-restricted/seccompProfile',
      ]);
    }
  });
});

describe('project policy', () => {
  test('readOnlyRootFilesystem must be true on every container', () => {
    const violations = afterPodChange((pod) => { pod.initContainers[0].securityContext.readOnlyRootFilesystem = false; });
    expectOnlyRule(violations, 'policy/readOnlyRootFilesystem');
  });

  test.each([['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']])('resources.%s.%s must be set', (bound, resource) => {
    const violations = violationsAfter((objects) => { delete server(objects).resources[bound][resource]; });
    expectOnlyRule(violations, 'policy/resources');
    expect(violations[0].message).toBe(`spec.template.spec.containers[0](server).resources.${bound}.${resource} is not set`);
  });
});
