// Starts the dry-run's reaper (reaper-process.mjs): whatever the dry-run registers with it is killed or
// removed when the dry-run ends, by a process that outlives it.
import { spawn } from 'node:child_process';

const reaperProcess = new URL('./reaper-process.mjs', import.meta.url);

export function startReaper() {
  // Detached: its own process group, so a Ctrl-C at the terminal ends the dry-run but not its clean-up.
  // Its stdin is a pipe this process holds, closed by the system however this process ends.
  const child = spawn(process.execPath, [reaperProcess.pathname], {
    stdio: ['pipe', 'inherit', 'inherit'],
    detached: true,
  });
  // Unreferenced: the dry-run does not wait on it; it ends when the dry-run does.
  child.unref();
  child.stdin.unref();
  const say = (line) => child.stdin.write(`${line}\n`);
  return {
    /** The process group led by `pid` is killed if it is still running when the dry-run ends. */
    killOnEnd: (pid) => say(`group ${pid}`),
    /** The group led by `pid` has ended (its id may be reused). */
    forget: (pid) => say(`ungroup ${pid}`),
    /** `dir` is removed when the dry-run ends. */
    removeOnEnd: (dir) => say(`dir ${dir}`),
    /** Cleans up also when process `pid` ends, should it end first (a parent killed with SIGKILL). */
    endWith: (pid) => say(`end-with ${pid}`),
    /**
     * Its stdin as a file descriptor, for a command run synchronously (its pid is known only once it has
     * ended) to register its own group before it starts work: `echo "group $$" >&3`, given this as fd 3.
     */
    fd: child.stdin._handle.fd,
    /** Cleans up now; resolves once everything registered is gone. */
    close: () =>
      new Promise((resolve) => {
        child.ref(); // waited on now: the dry-run must not end before its clean-up has
        child.once('exit', resolve);
        child.stdin.end();
      }),
  };
}
