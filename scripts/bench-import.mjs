#!/usr/bin/env node
// `npm run bench:import`: a 50,000-row ESR-style staff CSV through the real HTTP API — upload and
// preview, then confirm (one transaction) — timed end to end. BENCH_DB=pglite for the embedded database.
import { benchApp } from './bench-support.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const header =
  'Employee Number,First Name,Last Name,Work Email Address,Position Title,Pay Band,Organisation,Supervisor Employee Number';
const bands = ['5', '6', '7', '8a', '8b'];
const lines = [header];
for (let i = 1; i <= ROWS; i++) {
  lines.push(
    `${1_000_000 + i},Alex${i},Taylor${i},alex.taylor${i}@bench.example,Ward Manager,${bands[i % 5]},Directorate ${i % 12},${i > 10 ? 1_000_000 + (i % 10) + 1 : ''}`,
  );
}
const csv = `${lines.join('\r\n')}\r\n`;

const app = await benchApp();
try {
  const form = () => {
    const f = new FormData();
    f.append('file', new Blob([csv], { type: 'text/csv' }), 'esr-50k.csv');
    return f;
  };
  const t0 = performance.now();
  const preview = await app.call('POST', `/api/trusts/${app.trustId}/staff-imports`, form());
  const t1 = performance.now();
  const result = await app.call('POST', `/api/trusts/${app.trustId}/staff-imports/${preview.id}/confirm`);
  const t2 = performance.now();
  if (preview.validCount !== ROWS || result.created !== ROWS)
    throw new Error(`unexpected: ${JSON.stringify({ preview: preview.validCount, result })}`);

  const t3 = performance.now();
  const again = await app.call('POST', `/api/trusts/${app.trustId}/staff-imports`, form());
  await app.call('POST', `/api/trusts/${app.trustId}/staff-imports/${again.id}/confirm`);
  const t4 = performance.now();

  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `Staff import of ${ROWS.toLocaleString('en-GB')} rows (${(csv.length / 1024 / 1024).toFixed(1)} MB) on ${app.label}:`,
  );
  console.log(`  upload + parse + validate + preview: ${s(t1 - t0)}`);
  console.log(`  confirm (one transaction):           ${s(t2 - t1)}`);
  console.log(`  total, new staff:                    ${s(t2 - t0)}`);
  console.log(`  total, re-import of the same file:   ${s(t4 - t3)} (${again.unchanged} unchanged)`);
} finally {
  await app.close();
}
