// `npm run docs:api` writes docs/API.md from the TSDoc comments of the public API (lib/index.ts).
import { OptionDefaults } from 'typedoc';

/** @type {Partial<import('typedoc').TypeDocOptions & import('typedoc-plugin-markdown').PluginOptions>} */
export default {
  entryPoints: ['lib/index.ts'],
  tsconfig: 'tsconfig.build.json',
  plugin: ['typedoc-plugin-markdown'],
  out: 'build/api-docs',
  name: 'cdk8s-model-serving API reference',
  readme: 'none',
  // No "Defined in file:line": every edit of lib/ would churn the committed reference.
  disableSources: true,
  excludePrivate: true,
  excludeProtected: true,
  excludeInternal: true,
  excludeExternals: true,
  // The generated CRD classes carry `@schema` tags; the public API groups itself with `@category`.
  blockTags: [...OptionDefaults.blockTags, '@schema'],
  categorizeByGroup: false,
  categoryOrder: ['Construct', 'Construct options', 'Synthesis', 'GitOps', 'models.yaml', 'Validation', '*'],
  sort: ['source-order'],
  // The generated CRD classes are the types of ArgoCdApplication.application and friends; they are
  // cdk8s imports of the upstream CRDs, documented upstream.
  intentionallyNotExported: ['Application', 'GitRepository', 'Kustomization'],
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  treatWarningsAsErrors: true,
  outputFileStrategy: 'modules',
  entryFileName: 'API.md',
  hidePageHeader: true,
  hideBreadcrumbs: true,
  useCodeBlocks: true,
  parametersFormat: 'table',
  interfacePropertiesFormat: 'table',
  classPropertiesFormat: 'table',
  typeDeclarationFormat: 'table',
  tableColumnSettings: { hideSources: true },
};
