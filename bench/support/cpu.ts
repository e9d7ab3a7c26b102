import { readFileSync } from 'node:fs';

/** CPU time used so far, in ms: by one process, and by the whole machine (every core, not idle). */
export function cpuTimes(pid: number | undefined): { process: number; machine: number } {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  return { process: (Number(fields[11]) + Number(fields[12])) * tick, machine: (cpu.reduce((a, b) => a + b, 0) - idle) * tick };
}
