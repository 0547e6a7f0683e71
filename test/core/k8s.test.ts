import { k8s as plusK8s } from 'cdk8s-plus-28';
import { k8s } from '../../lib/core/k8s';

test('lib/core/k8s is the module cdk8s-plus-28 exports as k8s (same classes, so instanceof and types agree)', () => {
  expect(k8s.KubeDeployment).toBe(plusK8s.KubeDeployment);
  expect(Object.keys(k8s).sort()).toEqual(Object.keys(plusK8s).sort());
});
