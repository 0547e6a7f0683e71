/**
 * The Kubernetes API classes of cdk8s-plus-28 (`KubeDeployment`, `KubeService`, …): the very module
 * its `k8s` export is (`exports.k8s = require("./imports/k8s")`), required on its own. Importing
 * `{ k8s }` from 'cdk8s-plus-28' would also load every cdk8s-plus-28 construct (≈ 30 modules) that
 * this library never uses, in every synth. test/core/k8s.test.ts checks that this is the module
 * cdk8s-plus-28 exports, so an upgrade that moves it fails there, not in a user's synth.
 */
export * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
