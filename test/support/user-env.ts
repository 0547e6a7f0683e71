/**
 * The environment of a user's shell, for tests that run npm, npx or the CLI as a person would: none
 * of the npm_* variables that `npm test` exported (the repository's own npm config must not leak into
 * the project under test), the npm cache left as is (warm: preferred over the registry), and no
 * cdk8s-cli upgrade check unless a test asks for it (it needs the registry and only adds noise).
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !/^npm_config_(cache|userconfig)$/i.test(key)) continue;
    if (key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return {
    ...env, npm_config_prefer_offline: 'true', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false',
    CDK8S_CHECK_UPGRADE: 'false', ...extra,
  };
}
