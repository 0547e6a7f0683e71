/** Rules of the model name, the version list and the weights. */
import { versionNamePart, versionResourceName } from '../../core/naming';
import { DNS_1035_LABEL, LABEL_VALUE } from '../../core/validation/patterns';
import { replicasOf, weightOf } from '../defaults';
import { modelUriProblem, redactModelUri } from '../objects/model-uri';
import { checkEnv, checkImage, checkResources } from './field-checks';
import { weightProblem } from './traffic';
import type { Rule } from './rule';

/** Gateway API's bound on backendRef weights. */
const MAX_WEIGHT = 1_000_000;

export const modelName: Rule = (p, c) => {
  c.matches('modelName', p.modelName, DNS_1035_LABEL, 'a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, at most 63 characters)');
};

export const versionList: Rule = (p, c) => {
  if (!Array.isArray(p.versions) || p.versions.length === 0) c.fail('versions', 'list at least one version', p.versions);
};

export const eachVersion: Rule = (p, c) => {
  const versions = p.versions ?? [];
  const several = versions.length > 1;
  versions.forEach((v, i) => {
    const at = c.at('versions', i);
    if (at.matches('version', v.version, LABEL_VALUE, 'a label value (letters, digits, ".", "-", "_", at most 63 characters, alphanumeric at both ends)')
      && DNS_1035_LABEL.test(p.modelName ?? '')) {
      const name = versionResourceName(p.modelName, v.version);
      if (name.length > 63) at.fail('version', `keep the object name "${name}" within 63 characters`, v.version);
    }
    checkImage(at, 'image', v.image, p.allowMutableImageTags ?? false);
    if (several && v.weight === undefined) at.fail('weight', 'be set when several versions are served', v.weight);
    at.integer('weight', v.weight, 0, MAX_WEIGHT);
    at.integer('replicas', v.replicas, 0, 1000);
    const uriProblem = v.modelUri === undefined ? undefined : modelUriProblem(v.modelUri);
    if (uriProblem) at.fail('modelUri', uriProblem, v.modelUri, redactModelUri(v.modelUri));
    if (v.darkLaunch !== undefined && typeof v.darkLaunch !== 'boolean') at.fail('darkLaunch', 'be true or false', v.darkLaunch);
    checkResources(at.at('resources'), v.resources, p.resources);
    checkEnv(at.at('env'), v.env);
  });
};

export const uniqueVersions: Rule = (p, c) => {
  const seen = new Map<string, string>();
  (p.versions ?? []).forEach((v, i) => {
    if (typeof v.version !== 'string') return;
    const key = versionNamePart(v.version);
    const earlier = seen.get(key);
    if (earlier !== undefined) c.at('versions', i).fail('version', `be unique (it maps to the same object names as ${earlier})`, v.version);
    else seen.set(key, `versions[${i}] "${v.version}"`);
  });
};

export const someTraffic: Rule = (p, c) => {
  const versions = p.versions ?? [];
  if (versions.length > 0 && versions.every((v) => v.weight === 0)) {
    c.fail('versions', 'give at least one version a weight above 0', versions.map((v) => v.weight), `weights ${JSON.stringify(versions.map((v) => v.weight))}`);
  }
};

export const traffic: Rule = (p, c) => {
  const versions = p.versions ?? [];
  if (versions.length === 0 || versions.some((v) => typeof v.weight !== 'number' && versions.length > 1)) return;
  const problem = weightProblem(
    versions.map((v) => ({ version: v.version, weight: weightOf(v), replicas: replicasOf(v, p.autoscaling) })),
    { gateway: !!p.gateway, ingress: !!p.ingress, nginxCanary: !!p.ingress?.nginxCanary, autoscaling: !!p.autoscaling },
  );
  if (problem) c.fail('versions', problem.requirement, versions, problem.shown);
};
