/**
 * Reads and validates a 10,000-row Intune CSV (UTF-16LE with BOM, as Get-WindowsAutopilotInfo writes it,
 * with 1 % bad rows) by streaming: per-row reports go to a callback and are dropped, so memory stays flat.
 * Prints wall and CPU time and peak heap growth, and fails when the CPU time (wall time on an idle
 * machine, steady on a busy one) or the heap growth exceeds its budget.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIntuneCsvFile } from '../electron/core/files/csv-reader';
import { buildHash } from '../shared/domain/hash/build';

const ROWS = 10_000;
const CAPTURED = Date.UTC(2026, 10, 20);
const HEAP_BUDGET_MB = 64;
const TIME_BUDGET_MS = 1_000;

function makeFile(path: string): number {
  const ek = new Uint8Array(256).fill(7);
  const lines = ['Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User'];
  for (let i = 0; i < ROWS; i++) {
    const serial = `BENCH${String(i).padStart(6, '0')}`;
    const hash = buildHash({
      serial,
      manufacturer: 'LENOVO',
      model: '21G2',
      uuid: `4C4C4544-0000-0000-0000-${String(i).padStart(12, '0')}`,
      capturedAtMs: CAPTURED,
      tpmVersion: 'TPM-Version:2.0',
      tpmEkPub: ek,
      networkAdapters: [{ medium: 9, mac: '02:00:00:00:00:01', bus: 'PCI' }],
    });
    // Every hundredth row was edited (its checksum fails): it must be reported, and must not stop the others.
    const edited = `${hash.slice(0, 100)}${hash[100] === 'A' ? 'B' : 'A'}${hash.slice(101)}`;
    lines.push(`${serial},,${i % 100 === 99 ? edited : hash},OD-FINANCE,`);
  }
  const text = `${lines.join('\r\n')}\r\n`;
  writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  return Buffer.byteLength(text, 'utf16le') + 2;
}

const gc = (globalThis as { gc?: () => void }).gc;
const dir = mkdtempSync(join(tmpdir(), 'csv-bench-'));
const path = join(dir, 'devices.csv');
const bytes = makeFile(path);
gc?.();
const baseHeap = process.memoryUsage().heapUsed;
let peakHeap = baseHeap;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 5);
let invalidSeen = 0;
let seen = 0;
const cpuStart = process.cpuUsage();
const started = performance.now();
const summary = await readIntuneCsvFile(path, {
  now: Date.UTC(2026, 10, 26),
  onRow: (row) => {
    if (row.status === 'invalid') invalidSeen++;
    // process.memoryUsage() costs about 30 µs: sampled every 100 rows (and every 5 ms) it stays out of the timing.
    if (++seen % 100 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  },
});
const elapsed = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
// CPU time of this process: what the read costs, whatever else the machine is doing (wall time on an idle one).
const cpuMs = (cpu.user + cpu.system) / 1000;
clearInterval(sampler);
rmSync(dir, { recursive: true, force: true });

const growthMb = (peakHeap - baseHeap) / 1024 / 1024;
const result = {
  rows: summary.rows,
  ok: summary.ok,
  invalid: summary.invalid,
  fileMB: +(bytes / 1024 / 1024).toFixed(1),
  ms: Math.round(elapsed),
  cpuMs: Math.round(cpuMs),
  rowsPerSecond: Math.round(summary.rows / (elapsed / 1000)),
  peakHeapGrowthMB: +growthMb.toFixed(1),
  rssMB: +(process.memoryUsage().rss / 1024 / 1024).toFixed(1),
};
console.log(JSON.stringify(result));
const failures: string[] = [];
if (summary.rows !== ROWS || summary.invalid !== ROWS / 100 || invalidSeen !== ROWS / 100)
  failures.push('wrong counts');
if (growthMb > HEAP_BUDGET_MB) failures.push(`heap grew ${growthMb.toFixed(1)} MB (budget ${HEAP_BUDGET_MB})`);
if (cpuMs > TIME_BUDGET_MS) failures.push(`took ${Math.round(cpuMs)} ms of CPU (budget ${TIME_BUDGET_MS})`);
if (failures.length > 0) {
  console.error(`csv bench failed: ${failures.join('; ')}`);
  process.exit(1);
}
