// The Debian packages of debian-packages.txt that a command needs: installed with apt-get when the user is
// root, else named in one line to run, before anything is downloaded.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCommand, run, say, step } from './step.mjs';

const LIST = path.join(path.dirname(fileURLToPath(import.meta.url)), 'debian-packages.txt');

/** A missing package the user must install: its message is the one line to show. */
export class SetupError extends Error {}

/** The packages of the list needed by any of `needs` (`start` or test layer names), in list order. */
function debianPackagesFor(needs) {
  const packages = [];
  for (const line of readFileSync(LIST, 'utf8').split('\n')) {
    const [name, ...users] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!name) continue;
    // A browser given by KMS_CHROMIUM replaces Debian's.
    if (name === 'chromium' && process.env.KMS_CHROMIUM) continue;
    if (users.some((user) => needs.includes(user))) packages.push(name);
  }
  return packages;
}

/** The packages of `names` that dpkg does not report as installed. */
function missingPackages(names) {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...names], { encoding: 'utf8' });
  const installed = new Set();
  for (const line of (query.stdout ?? '').split('\n')) {
    const [name, status] = line.split(' ');
    if (status === 'ii') installed.add(name);
  }
  return names.filter((name) => !installed.has(name));
}

/**
 * Makes sure the Debian packages `needs` call for are installed. As root with apt-get, installs the missing
 * ones; otherwise throws a SetupError whose message names the command to run. On a system without dpkg the
 * packages cannot be checked: says which it needs, and goes on.
 */
export function ensureDebianPackages(command, needs) {
  const wanted = debianPackagesFor(needs);
  if (wanted.length === 0) return;
  if (!hasCommand('dpkg-query')) {
    say(`not a Debian system: ${command} expects the equivalents of these Debian packages: ${wanted.join(' ')}`);
    return;
  }
  const missing = missingPackages(wanted);
  if (missing.length === 0) return;
  const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const root = process.getuid?.() === 0;
  if (root && hasCommand('apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    step(`installing Debian packages: ${missing.join(' ')}`, usualAptSeconds(missing), () => {
      run('apt-get', ['update', '-qq'], { env });
      run('apt-get', install.split(' ').slice(1), { env });
    });
    return;
  }
  const asRoot = root
    ? `apt-get update && ${install}`
    : hasCommand('sudo')
      ? `sudo apt-get update && sudo ${install}`
      : `su -c 'apt-get update && ${install}'`;
  throw new SetupError(
    `${command} needs Debian packages that are not installed (${missing.join(' ')}); run: ${asRoot}`,
  );
}

/** Seconds apt-get took on a fresh Debian 12 with 2 cores: the index, then the large packages and their dependencies. */
const USUAL_SECONDS = { update: 20, 'g++': 35, chromium: 120, 'emacs-nox': 90, neovim: 20 };

function usualAptSeconds(packages) {
  return packages.reduce((sum, name) => sum + (USUAL_SECONDS[name] ?? 5), USUAL_SECONDS.update);
}
