// Runs a command several times and reports its median wall time and peak resident memory.
// Peak memory comes from getrusage(RUSAGE_CHILDREN) in a small Python helper: exact, and the same
// method for every tool compared.
import { spawnSync } from 'node:child_process';

const HELPER = `
import resource, subprocess, sys, time
start = time.perf_counter()
# Output goes to a pipe that is read and dropped: GNU grep stops at the first match when it sees /dev/null.
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
while proc.stdout.read(1 << 20):
    pass
code = proc.wait()
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{elapsed} {usage.ru_maxrss} {code} {usage.ru_utime + usage.ru_stime}")
`;

export function measure(command, runs = 3) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync('python3', ['-c', HELPER, ...command], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`could not measure ${command.join(' ')}: ${result.stderr}`);
    const [seconds, kilobytes, code, cpuSeconds] = result.stdout.trim().split(' ').map(Number);
    samples.push({ seconds, rssMB: kilobytes / 1024, code, cpuSeconds });
  }
  const cpu = samples.map((s) => s.cpuSeconds).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  samples.sort((a, b) => a.seconds - b.seconds);
  const median = samples[Math.floor(samples.length / 2)];
  // cpuSeconds: the median of the processor time the command used (user and system, all its threads).
  return {
    seconds: median.seconds,
    rssMB: Math.max(...samples.map((s) => s.rssMB)),
    code: median.code,
    cpuSeconds: cpu,
  };
}

export function haveCommand(name) {
  return spawnSync(name, ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Installs a Debian package when missing and we may (root, apt-get present); returns whether the command exists. */
export function ensureDebianTool(command, pkg) {
  if (haveCommand(command)) return true;
  if (process.getuid?.() !== 0 || !haveCommand('apt-get')) return false;
  console.error(`installing ${pkg} from Debian...`);
  spawnSync('apt-get', ['install', '-y', '-qq', pkg], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return haveCommand(command);
}
