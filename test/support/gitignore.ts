/**
 * A `.gitignore` as large projects have them: the kinds of lines of the common templates (Node,
 * Python, Java, .NET, Go, editors, operating systems): names, extensions, folders, anchored paths,
 * classes (`[Dd]ebug/`), `**` paths and negations; numbered variants fill it to `lines` lines.
 */
export function ordinaryGitignore(lines: number): string {
  const common = [
    '# Dependencies',
    'node_modules/',
    'jspm_packages/',
    'bower_components/',
    '.pnp.*',
    '# Logs',
    'npm-debug.log*',
    'yarn-debug.log*',
    'lerna-debug.log*',
    '# Build output',
    '/dist',
    '/build',
    'out/',
    'target/',
    '[Dd]ebug/',
    '[Rr]elease/',
    '[Bb]in/',
    '[Oo]bj/',
    'x64/',
    '*.o',
    '*.so',
    '*.dll',
    '*.exe',
    '*.class',
    '*.jar',
    '*.pyc',
    '__pycache__/',
    '*.egg-info/',
    '.eggs/',
    '.tox/',
    '.venv',
    'venv/',
    '.mypy_cache/',
    '.pytest_cache/',
    'coverage/',
    '.nyc_output',
    '*.lcov',
    '.gradle/',
    '**/target/**',
    'docs/_build/',
    '.idea/**/workspace.xml',
    '.idea/**/tasks.xml',
    '*.iml',
    '.vscode/*',
    '!.vscode/settings.json',
    '*.swp',
    '*.sw[a-p]',
    '*~',
    '.#*',
    '.DS_Store',
    'Thumbs.db',
    'ehthumbs.db',
    'Desktop.ini',
    '.env',
    '.env.local',
    '*.pem',
    '*.tmp',
    '*.bak',
    '*.cache',
    'logs/archive/',
    '/config/local.*',
    'vendor/bundle/',
    '*.tfstate',
    '*.tfstate.*',
    '.terraform/',
  ];
  const out = [...common];
  for (let i = 0; out.length < lines; i++) {
    const kind = i % 5;
    if (kind === 0) out.push(`cache-${i}/`);
    else if (kind === 1) out.push(`*.gen${i}`);
    else if (kind === 2) out.push(`/generated/part-${i}`);
    else if (kind === 3) out.push(`tmp-${i}.txt`);
    else out.push(`**/fixtures-${i}/**`);
  }
  return out.slice(0, lines).join('\n');
}
