// Store load time and memory, each measured in a fresh child process (bench/load-probe.ts), so the
// figures are those of a bot starting up, not of a process that has just generated the data set.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseProbeResult, type ProbeResult } from './load-probe.ts';

const PROBE = fileURLToPath(new URL('./load-probe.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');
const PROBE_TIMEOUT_MS = 120_000;

export function runProbe(mode: ProbeResult['mode'], dataDir: string): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', TSX_LOADER, PROBE, mode, dataDir],
      { timeout: PROBE_TIMEOUT_MS, maxBuffer: 1_048_576 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`load probe (${mode}) failed: ${error.message}\n${stderr}`));
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(parseProbeResult(line));
        } catch (parseError) {
          reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
        }
      },
    );
  });
}

export interface LoadSamples {
  store: ProbeResult[];
  parse: ProbeResult[];
}

/** `rounds` store opens and `rounds` bare parses, alternating, each in its own process. */
export async function measureLoad(dataDir: string, rounds: number): Promise<LoadSamples> {
  const samples: LoadSamples = { store: [], parse: [] };
  for (let round = 0; round < rounds; round += 1) {
    samples.store.push(await runProbe('store', dataDir));
    samples.parse.push(await runProbe('parse', dataDir));
  }
  return samples;
}
