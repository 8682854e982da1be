// Checks electron-builder.yml against electron-builder's own JSON schema without building
// anything, so a typo'd key fails CI in a second instead of at release time.
//
//   node scripts/validate-builder-config.cjs [path/to/electron-builder.yml]
//
// validateConfiguration is not public API: it is pinned with electron-builder (26.17.0 in
// package.json). If an upgrade moves it, this script says so instead of passing silently.
// It checks names and types only; whether the paths in the file exist is pack-dir's job.

/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, so require is the import */
const fs = require('node:fs');
const path = require('node:path');

const yaml = require('js-yaml');

function loadValidator() {
  try {
    return require('app-builder-lib/out/util/config/config').validateConfiguration;
  } catch (error) {
    throw new Error(
      `cannot load app-builder-lib's validateConfiguration (${error.message}); ` +
        'it is internal API, so check where the installed electron-builder keeps it',
    );
  }
}

/** The object-shaped branches of a schema node, with `$ref` and `anyOf` resolved. */
function objectBranches(schema, node) {
  if (node == null || typeof node !== 'object') {
    return [];
  }
  if (node.$ref) {
    return objectBranches(schema, schema.definitions[node.$ref.replace('#/definitions/', '')]);
  }
  if (Array.isArray(node.anyOf) || Array.isArray(node.oneOf)) {
    return (node.anyOf ?? node.oneOf).flatMap((branch) => objectBranches(schema, branch));
  }
  return node.properties ? [node] : [];
}

/**
 * Names the keys the schema does not know. The validator reports a typo inside `linux:` only
 * as "linux should be one of these: null", which hides the misspelt key itself.
 */
function findUnknownKeys(schema, node, value, where = []) {
  const branches = objectBranches(schema, node);
  if (
    branches.length === 0 ||
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value)
  ) {
    return [];
  }

  return Object.entries(value).flatMap(([key, child]) => {
    const owner = branches.find((branch) => key in branch.properties);
    if (!owner) {
      return [[...where, key].join('.')];
    }
    return findUnknownKeys(schema, owner.properties[key], child, [...where, key]);
  });
}

async function main() {
  const file = path.resolve(process.argv[2] ?? 'electron-builder.yml');
  const config = yaml.load(fs.readFileSync(file, 'utf8'));
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error(`${file}: expected a mapping of options at the top level`);
  }

  const validateConfiguration = loadValidator();
  if (typeof validateConfiguration !== 'function') {
    throw new Error(
      "app-builder-lib no longer exports validateConfiguration from 'out/util/config/config'",
    );
  }

  const schema = require('app-builder-lib/scheme.json');
  const unknownKeys = findUnknownKeys(schema, schema, config);

  try {
    // The second argument is electron-builder's debug logger; a disabled one is all it needs.
    await validateConfiguration(config, { isEnabled: false, add() {} });
  } catch (error) {
    const hint = unknownKeys.map((key) => `\n - "${key}" is not an electron-builder option`);
    throw new Error(`${file}\n${error.message}${hint.join('')}`);
  }
  console.log(
    `${path.relative(process.cwd(), file) || file}: valid electron-builder configuration`,
  );
}

main().catch((error) => {
  console.error(`electron-builder configuration is INVALID\n${error.message}`);
  process.exitCode = 1;
});
