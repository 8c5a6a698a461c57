// Set-up progress: each download or build says what it does and how long it usually takes, then how
// long it took. The usual times were measured on a fresh 2-core machine (README, "First run").
import { spawnSync } from 'node:child_process';

export function say(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

/** Runs `work`, announced with `usualSeconds` (as measured on 2 cores) and closed with the time it took. */
export function step(what, usualSeconds, work) {
  say(`${what}, usually ${duration(usualSeconds)} on 2 cores...`);
  const started = Date.now();
  const result = work();
  say(`  done in ${duration((Date.now() - started) / 1000)}`);
  return result;
}

export function duration(seconds) {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** Runs a command; on failure, throws with the last lines of its output. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    ...options,
  });
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`
      .split('\n')
      .filter((l) => l && !/^npm warn/.test(l))
      .slice(-25)
      .join('\n');
    throw new Error(
      `${cmd} ${args.join(' ')} failed (exit ${result.status})${options.cwd ? ` in ${options.cwd}` : ''}:\n${tail}`,
    );
  }
  return result.stdout;
}

/** Whether `name` is a command on the PATH. */
export function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
