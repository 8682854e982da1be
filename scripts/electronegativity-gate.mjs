// Runs Electronegativity over what the app ships (the bundled main, preload and renderer) and
// over the TypeScript sources of the main process and preload, and fails on every finding that
// electronegativity-reviewed.json does not explain. Electronegativity itself exits 0 whatever
// it finds, so this script is the gate.
//
//   node scripts/electronegativity-gate.mjs [--timeout-seconds 180]
//
// Writes test-output/electronegativity/{findings.sarif,gate.json}. Exits 1 on any unexplained
// finding, any file it could not parse, missing inputs or a timeout.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { transformSync } from 'esbuild';

import { classifyFindings } from './electronegativity/review.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outDir = join(root, 'test-output', 'electronegativity');
const scanDir = join(outDir, 'scan');

// Copied into one tree so that one scan (and one round of its network stalls) covers them all
// and findings carry stable paths such as dist/main/main.js.
const INPUTS = ['dist/main', 'dist/preload', 'dist/renderer', 'src/main/electron', 'src/preload'];
const REQUIRED = ['dist/main/main.js', 'dist/preload/preload.js', 'dist/renderer/index.html'];

// This check compares the Electron version with a release list fetched from GitHub: offline it
// finds nothing, online its verdict changes whenever Electron publishes. Keeping Electron
// current is the dependency updates' job, so it stays out of a gate that must be repeatable.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

function stageInputs() {
  const missing = REQUIRED.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: run the build (node scripts/build.mjs) first`);
  }

  rmSync(scanDir, { recursive: true, force: true });
  for (const input of INPUTS.filter((path) => existsSync(join(root, path)))) {
    cpSync(join(root, input), join(scanDir, input), {
      recursive: true,
      filter: (source) => !source.endsWith('.map'),
    });
  }
  // package.json is what tells the scanner which Electron version's defaults apply.
  cpSync(join(root, 'package.json'), join(scanDir, 'package.json'));
  lowerBundles(join(scanDir, 'dist'));
}

/**
 * The scanner's JavaScript parsers predate class fields and `#private` members, which the
 * bundles keep (target es2022, and undici uses them), and a file they cannot parse goes
 * unchecked. The staged copies are rewritten to ES2019 syntax, same program, so it can read
 * them; reported lines then refer to these copies under test-output/.
 */
function lowerBundles(dir) {
  const bundles = readdirSync(dir, { recursive: true }).filter((file) => file.endsWith('.js'));
  for (const file of bundles) {
    const path = join(dir, file);
    const { code } = transformSync(readFileSync(path, 'utf8'), { loader: 'js', target: 'es2019' });
    writeFileSync(path, code);
  }
}

/** Fails the run if Electronegativity hangs (it fetches translations and release lists). */
function startWatchdog(seconds) {
  const timer = setTimeout(() => {
    console.error(`electronegativity-gate: FAILED\n  - the scan did not finish in ${seconds} s`);
    process.exit(1);
  }, seconds * 1000);
  return () => clearTimeout(timer);
}

async function scan() {
  const run = require('@doyensec/electronegativity/dist/runner.js');
  const electronVersion = require('electron/package.json').version;
  // Called as a library rather than a CLI: the CLI drops parse errors once it writes a report.
  return run({
    input: scanDir,
    output: join(outDir, 'findings.sarif'),
    isSarif: true,
    isRelative: true,
    customScan: [],
    excludeFromScan: EXCLUDED_CHECKS,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  });
}

async function main() {
  const { values } = parseArgs({
    options: { 'timeout-seconds': { type: 'string', default: '180' } },
  });
  const stopWatchdog = startWatchdog(Number(values['timeout-seconds']));

  mkdirSync(outDir, { recursive: true });
  stageInputs();
  const result = await scan();
  stopWatchdog();

  const reviewedPath = join(root, 'electronegativity-reviewed.json');
  const reviewed = JSON.parse(readFileSync(reviewedPath, 'utf8')).reviewed;
  const verdict = classifyFindings(result.issues, reviewed);
  const parseErrors = result.errors.filter((error) => !error.tolerable);

  writeFileSync(
    join(outDir, 'gate.json'),
    `${JSON.stringify({ ...verdict, parseErrors }, null, 2)}\n`,
  );
  printSummary(verdict, parseErrors, result);

  if (verdict.unexplained.length > 0 || parseErrors.length > 0) {
    process.exitCode = 1;
  }
}

function printSummary(verdict, parseErrors, result) {
  const lines = [
    '',
    'electronegativity-gate summary',
    `  checks: ${result.atomicChecks} atomic, ${result.globalChecks} global`,
    `  findings: ${verdict.explained.length} reviewed, ${verdict.unexplained.length} unexplained`,
    ...verdict.explained.map(
      (finding) => `  ok   ${finding.check} ${finding.file}: ${finding.reason}`,
    ),
    ...verdict.unexplained.map(
      (finding) => `  FAIL ${finding.check} ${finding.file}:${finding.line} ${finding.description}`,
    ),
    ...parseErrors.map(
      (error) => `  FAIL could not parse ${relative(scanDir, error.file)}: ${error.message}`,
    ),
    ...verdict.unused.map(
      (entry) => `  note reviewed entry matched nothing: ${entry.check} ${entry.file}`,
    ),
    `  report: ${relative(root, join(outDir, 'gate.json'))}`,
  ];
  console.log(lines.join('\n'));
  console.log(
    verdict.unexplained.length + parseErrors.length === 0
      ? 'electronegativity-gate: no unexplained findings'
      : 'electronegativity-gate: FAILED (explain each finding in electronegativity-reviewed.json or fix it)',
  );
}

main().catch((error) => {
  console.error(`electronegativity-gate: FAILED\n  - ${error.message}`);
  process.exit(1);
});
