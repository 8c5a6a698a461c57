// What a command needs before it runs: the Debian packages of debian-packages.txt, then the VS Code builds
// (code-server and its Node) in the per-user cache. `npm start` and `npm test` call it first, so a missing
// package stops them before anything is downloaded, and test layers running side by side find VS Code ready.
import { CACHE } from './cache.mjs';
import { SetupError, ensureDebianPackages } from './debian.mjs';
import { duration, say } from './step.mjs';
import { ensureCodeServer, pendingSeconds } from '../vscode/install.mjs';

/** The VS Code builds each need (`start`, or a test layer) runs. */
const VSCODE_TARGETS = { start: ['newest'], 'vscode-oldest': ['oldest'], 'vscode-newest': ['newest'], ui: ['newest'] };

/**
 * Makes ready what `needs` call for, and returns the VS Code installs by target. On a missing package or a
 * failed install, prints one line and ends the process.
 */
export function prepare(command, needs) {
  try {
    ensureDebianPackages(command, needs);
    const targets = [...new Set(needs.flatMap((need) => VSCODE_TARGETS[need] ?? []))];
    const pending = pendingSeconds(targets);
    if (pending > 0) {
      say(`first run: installing VS Code (code-server) into ${CACHE}, usually ${duration(pending)} on 2 cores`);
    }
    return Object.fromEntries(targets.map((target) => [target, ensureCodeServer(target)]));
  } catch (error) {
    console.error(
      error instanceof SetupError
        ? `[setup] ${error.message}`
        : `[setup] ${command} could not set up: ${error.message}`,
    );
    process.exit(1);
  }
}
