import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** The child process runs the built library: build it (and what it references) once per test file. */
export function buildProjections(): void {
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'libs/projections/tsconfig.lib.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`building libs/projections for the child runner failed:\n${output || (error as Error).message}`);
  }
}

export interface RunnerChild {
  child: ChildProcess;
  /** Lines the child printed so far. */
  lines(): string[];
  waitFor(predicate: (lines: string[]) => boolean, timeoutMs: number): Promise<void>;
  exited: Promise<number | string>;
}

export function startRunnerChild(env: Record<string, string>): RunnerChild {
  const child = spawn(process.execPath, [join(__dirname, 'runner-child.js')], {
    env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  child.stderr?.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const lines = () => out.split('\n').filter(Boolean);
  return {
    child, lines, exited,
    async waitFor(predicate, timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (!predicate(lines())) {
        if (child.exitCode !== null || Date.now() > until) throw new Error(`child runner: condition not met (exit ${child.exitCode}); stderr: ${err}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}
