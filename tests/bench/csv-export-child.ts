// One CSV export in a process of its own, so its memory is its own: the companion opens the log
// as the app does, then the period's CSV is streamed through `reports.csv` into a file. Prints
// one JSON line: rows, seconds, CPU seconds, and the peak RSS growth during the export (Linux's
// VmHWM, reset just before it starts).
//   tsx tests/bench/csv-export-child.ts <dataDir> <from> <to> <outFile>
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createCompanion } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/logger';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/stores';
import { sandboxPlatform } from '../support/companion';

function statusKb(field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  if (!match) throw new Error(`no ${field} in /proc/self/status`);
  return Number(match[1]);
}

async function main(): Promise<void> {
  const [dataDir, from, to, outFile] = process.argv.slice(2);
  if (!dataDir || !from || !to || !outFile) throw new Error('usage: csv-export-child <dataDir> <from> <to> <outFile>');
  const companion = await createCompanion({
    dataDir,
    platform: sandboxPlatform('http://127.0.0.1:9', { kind: 'api-v1' }),
    secretStore: new MemorySecretStore(),
    settingsStore: new MemorySettingsStore(),
    log: silentLogger,
  });
  try {
    // Warm-up: one day, so the code is compiled before the measured run.
    const warm = companion.reports.csv({ from: to, to });
    if (!warm.ok) throw new Error(warm.error.message);
    await pipeline(warm.value.stream, createWriteStream(outFile));

    global.gc?.();
    const rssBefore = statusKb('VmRSS');
    writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const csv = companion.reports.csv({ from, to });
    if (!csv.ok) throw new Error(csv.error.message);
    await pipeline(csv.value.stream, createWriteStream(outFile));
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const peakGrowthMb = (statusKb('VmHWM') - rssBefore) / 1024;
    const heapTotalMb = process.memoryUsage().heapTotal / 2 ** 20;
    const rows = readFileSync(outFile, 'utf8').split('\r\n').length - 2; // header and the last CRLF
    process.stdout.write(`${JSON.stringify({ rows, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakGrowthMb, heapTotalMb })}\n`);
  } finally {
    await companion.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
