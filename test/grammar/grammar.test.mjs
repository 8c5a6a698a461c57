// Tests the injection grammar syntaxes/kms.injection.tmLanguage.json: it is up to date with the catalog,
// the syntax tests in cases/ pass (vscode-tmgrammar-test against the dummy host grammars in dummy/), every
// regex compiles in Oniguruma with fixed-length lookbehinds, every catalog code gets its class scope, and
// long pathological lines tokenize quickly. Run with `node --test test/grammar/` from the repository root.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const GRAMMAR = join(root, 'syntaxes', 'kms.injection.tmLanguage.json');
const CATALOG = join(root, 'server', 'catalog', 'kms-errors.json');
const CONFIG = join(here, 'injection.json');
const DUMMY_DIR = join(here, 'dummy');
const CASE_DIR = join(here, 'cases');
const DUMMIES = readdirSync(DUMMY_DIR)
  .filter((f) => f.endsWith('.tmLanguage.json'))
  .sort()
  .map((f) => join(DUMMY_DIR, f));
const CASES = readdirSync(CASE_DIR)
  .filter((f) => f.endsWith('.tmtest'))
  .sort();
/** Scopes the tests inject into besides the real ones: the dummy programming language. */
const TEST_ONLY_SCOPES = ['source.dummy'];

const CLASS_SCOPES = {
  permission: 'invalid.illegal.error-code.permission.kms',
  'key-state': 'keyword.control.error-code.key-state.kms',
  service: 'support.function.error-code.service.kms',
  parameter: 'entity.name.type.error-code.parameter.kms',
};
const ALL_CLASS_SCOPES = Object.values(CLASS_SCOPES);

/** The colour class of a catalog entry, restated from the brief rather than imported from the generator. */
function expectedScope(entry) {
  if (entry.code.includes('NotFound')) return CLASS_SCOPES.permission;
  if (['authentication', 'permission', 'billing-account'].includes(entry.category)) return CLASS_SCOPES.permission;
  if (entry.category === 'key-state') return CLASS_SCOPES['key-state'];
  if (['quota-throttling', 'service'].includes(entry.category)) return CLASS_SCOPES.service;
  return CLASS_SCOPES.parameter;
}

const posix = (path) => relative(root, path).split('\\').join('/');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

// vscode-tmgrammar-test is a devDependency; vscode-textmate and vscode-oniguruma come with it.
const localRequire = createRequire(import.meta.url);
let toolDir = null;
try {
  toolDir = dirname(localRequire.resolve('vscode-tmgrammar-test/package.json'));
} catch {
  // Reported by each test below.
}
const MISSING_TOOL = 'vscode-tmgrammar-test is not installed: run `npm ci` (it is a devDependency)';

function toolRequire(name) {
  assert.ok(toolDir, MISSING_TOOL);
  return createRequire(join(toolDir, 'package.json'))(name);
}

let onigPromise = null;
/** vscode-oniguruma with its WASM loaded, as vscode-tmgrammar-test loads it. */
function loadOniguruma() {
  onigPromise ??= (async () => {
    const onig = toolRequire('vscode-oniguruma');
    const wasmPath = join(
      dirname(createRequire(join(toolDir, 'package.json')).resolve('vscode-oniguruma')),
      'onig.wasm',
    );
    const wasm = readFileSync(wasmPath);
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return onig;
  })();
  return onigPromise;
}

/** A vscode-textmate registry with the injection (injectTo from injection.json) and the dummy hosts. */
async function loadHost(scopeName) {
  const tm = toolRequire('vscode-textmate');
  const onig = await loadOniguruma();
  const grammars = {};
  for (const path of [GRAMMAR, ...DUMMIES]) {
    const raw = tm.parseRawGrammar(readFileSync(path, 'utf8'), path);
    grammars[raw.scopeName] = raw;
  }
  const { injectTo } = readJson(CONFIG).contributes.grammars.find((g) => g.scopeName === 'kms.injection');
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
      createOnigString: (text) => new onig.OnigString(text),
    }),
    loadGrammar: async (scope) => grammars[scope] ?? null,
    getInjections: (scope) =>
      injectTo.some((target) => scope === target || scope.startsWith(`${target}.`)) ? ['kms.injection'] : [],
  });
  return { tm, grammar: await registry.loadGrammar(scopeName) };
}

/** Every regex of a grammar with where it is (`repository.x.patterns[0].match`). */
function collectRegexes(node, path = '', out = []) {
  if (Array.isArray(node)) node.forEach((item, i) => collectRegexes(item, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string')
        out.push({ where: `${path}.${key}`, re: value });
      else collectRegexes(value, `${path}.${key}`, out);
    }
  }
  return out;
}

/** The lookbehinds of a regex and their bodies (escapes and character classes respected). */
function lookbehinds(re) {
  const bodies = [];
  for (let i = 0; i < re.length; i++) {
    if (re[i] === '\\') {
      i++;
      continue;
    }
    if (!re.startsWith('(?<=', i) && !re.startsWith('(?<!', i)) continue;
    let depth = 0;
    let inClass = false;
    for (let j = i; j < re.length; j++) {
      const ch = re[j];
      if (ch === '\\') j++;
      else if (inClass) inClass = ch !== ']';
      else if (ch === '[') inClass = true;
      else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) {
        bodies.push({ group: re.slice(i, j + 1), body: re.slice(i + 4, j) });
        break;
      }
    }
  }
  return bodies;
}

/** A quantifier outside character classes (`(?` group openers are not quantifiers). */
function hasQuantifier(body) {
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if ('*+{'.includes(ch) || (ch === '?' && body[i - 1] !== '(')) return true;
  }
  return false;
}

test('the grammar is up to date with the catalog (generate-grammar.mjs --check)', () => {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'generate-grammar.mjs'), '--check'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `generate-grammar.mjs --check failed:\n${run.stdout}${run.stderr}`);
});

test('syntax tests pass (vscode-tmgrammar-test)', () => {
  assert.ok(toolDir, MISSING_TOOL);
  assert.ok(CASES.length > 0, 'no syntax tests in test/grammar/cases/');
  const bin = readJson(join(toolDir, 'package.json')).bin['vscode-tmgrammar-test'];
  const args = [
    join(toolDir, bin),
    // The injection's entry, with injectTo, comes from a config file: `-g` alone gives no injectTo.
    '--config',
    posix(CONFIG),
    ...DUMMIES.flatMap((path) => ['-g', posix(path)]),
    `${posix(CASE_DIR)}/*.tmtest`,
  ];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const output = `${run.stdout}${run.stderr}`;
  assert.equal(run.status, 0, `vscode-tmgrammar-test exited with ${run.status}:\n${output}`);
  for (const name of CASES) assert.match(output, new RegExp(`${name.replace(/[.]/g, '\\.')} run successfuly`), output);
});

test('every regex compiles in Oniguruma, with fixed-length lookbehinds', async () => {
  const onig = await loadOniguruma();
  // vscode-oniguruma does not always throw on a bad pattern: it may compile it to one that matches the
  // empty string. None of the grammar's patterns can match an empty string, so both count as failures.
  const compiles = (re) => {
    try {
      const scanner = new onig.OnigScanner([re]);
      const match = scanner.findNextMatchSync('', 0);
      scanner.dispose();
      return match === null;
    } catch {
      return false;
    }
  };
  assert.equal(compiles('(unbalanced'), false, 'the compile check itself no longer detects a bad pattern');

  const regexes = collectRegexes(readJson(GRAMMAR));
  assert.ok(regexes.length >= 10, `only ${regexes.length} regexes found`);
  const broken = regexes.filter(({ re }) => !compiles(re)).map(({ where }) => where);
  assert.deepEqual(broken, [], `patterns that do not compile: ${broken.join(', ')}`);
  const all = new onig.OnigScanner(regexes.map(({ re }) => re));
  assert.equal(all.findNextMatchSync('', 0), null);
  all.dispose();

  const variable = regexes.flatMap(({ where, re }) =>
    lookbehinds(re)
      .filter(({ body }) => hasQuantifier(body))
      .map(({ group }) => `${where}: ${group}`),
  );
  assert.deepEqual(variable, [], 'lookbehinds must be fixed-length');
});

test('every catalog code gets its class scope, bare words none', async () => {
  const { tm, grammar } = await loadHost('text.log');
  const catalog = readJson(CATALOG);
  const problems = [];
  for (const entry of catalog.codes) {
    for (const code of [entry.code, ...(entry.aliases ?? [])]) {
      const want = entry.requiresCodeField ? null : expectedScope(entry);
      for (const line of [`ErrorCode: ${code}`, `{"Code":"${code}"}`, `x ${code}. y`]) {
        const start = line.indexOf(code);
        const { tokens } = grammar.tokenizeLine(line, tm.INITIAL);
        const covering = tokens.filter((t) => t.startIndex < start + code.length && t.endIndex > start);
        const scopes = new Set(covering.flatMap((t) => t.scopes.filter((s) => ALL_CLASS_SCOPES.includes(s))));
        const exact =
          covering.length === 1 && covering[0].startIndex === start && covering[0].endIndex === start + code.length;
        if (want === null ? scopes.size > 0 : !(exact && scopes.size === 1 && scopes.has(want))) {
          problems.push(
            `${JSON.stringify(line)}: want ${want ?? 'no class scope'}, got ${[...scopes].join(' ') || 'none'}`,
          );
        }
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('long pathological lines tokenize quickly (bounded regexes)', async () => {
  const { tm, grammar } = await loadHost('text.log.competing');
  const lines = {
    cjk: '错'.repeat(20_000),
    cjkGlued: '错误码Forbidden.KeyNotFound，'.repeat(800),
    dotted: 'a.'.repeat(10_000),
    nearMisses: 'Forbidden.KeyNotFoundX xRejected.Disabled '.repeat(400),
    quotes: '"'.repeat(20_000),
    ansi: '\\u001b['.repeat(3_000),
    requestIds: `RequestId: ${'A'.repeat(5_000)} `.repeat(4),
    json: '{"RequestId":"F5512B73-4FCE-56DD-8F05-19BA81C701F1","Code":"Rejected.Throttling","HttpStatus": 429}'.repeat(
      180,
    ),
  };
  grammar.tokenizeLine('warm up Forbidden.KeyNotFound', tm.INITIAL);
  for (const [name, line] of Object.entries(lines)) {
    // CPU time, which a machine busy with other work does not stretch (the engine counts no steps).
    const started = process.cpuUsage();
    const result = grammar.tokenizeLine(line, tm.INITIAL);
    const used = process.cpuUsage(started);
    const ms = (used.user + used.system) / 1000;
    assert.equal(result.stoppedEarly, false, name);
    // About 100 ms here; the bound only catches catastrophic (quadratic or exponential) backtracking.
    assert.ok(ms < 3_000, `${name} (${line.length} chars) took ${ms.toFixed(0)} ms of CPU time`);
  }
});

test('package.json contributes the grammar as the tests configure it', () => {
  const expected = readJson(CONFIG).contributes.grammars.find((g) => g.scopeName === 'kms.injection');
  const contributed = readJson(join(root, 'package.json')).contributes?.grammars?.find(
    (g) => g.scopeName === 'kms.injection',
  );
  assert.ok(contributed, 'package.json contributes the kms.injection grammar');
  assert.equal(resolve(root, contributed.path), GRAMMAR);
  assert.deepEqual(
    contributed.injectTo,
    expected.injectTo.filter((scope) => !TEST_ONLY_SCOPES.includes(scope)),
  );
});
