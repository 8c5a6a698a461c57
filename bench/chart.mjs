// Draws the last `npm run bench` result (bench/data/scan-bench.json) as a bar chart for the docs:
// docs/images/scan-bench.svg, one group of bars per input, kms-diagnose beside ripgrep and grep. The README
// shows a PNG screenshot of it (the VS Code Marketplace refuses SVG images in a README).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rows = JSON.parse(readFileSync(path.join(root, 'bench', 'data', 'scan-bench.json'), 'utf8'));
const out = path.join(root, 'docs', 'images', 'scan-bench.svg');

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const inputs = [...new Set(rows.map((r) => r.input))];
const max = Math.max(...rows.map((r) => r.seconds));
const [left, barMax, barHeight, gap, width] = [300, 360, 18, 6, 820];
const ours = (name) => name.startsWith('kms-diagnose');

const parts = [];
let y = 48;
for (const input of inputs) {
  parts.push(`<text x="16" y="${y}" class="group">${escape(input)}</text>`);
  y += 10;
  for (const row of rows.filter((r) => r.input === input)) {
    const length = Math.max(2, (row.seconds / max) * barMax);
    parts.push(
      `<text x="${left - 8}" y="${y + 13}" class="label" text-anchor="end">${escape(row.name)}</text>`,
      `<rect x="${left}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" class="${ours(row.name) ? 'ours' : 'other'}"/>`,
      `<text x="${(left + length + 6).toFixed(1)}" y="${y + 13}" class="value">${row.seconds.toFixed(2)} s · ${row.rssMB.toFixed(0)} MB</text>`,
    );
    y += barHeight + gap;
  }
  y += 22;
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="system-ui, sans-serif">
<style>
  .title { font-size: 15px; font-weight: 600; fill: #222; }
  .group { font-size: 13px; font-weight: 600; fill: #333; }
  .label, .value { font-size: 12px; fill: #444; }
  .ours { fill: #2f6fcf; }
  .other { fill: #a3a9b3; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="16" y="24" class="title">Wall time to scan (shorter is better) and peak RSS, median of runs</text>
${parts.join('\n')}
</svg>
`;
writeFileSync(out, svg);
console.log(`wrote ${path.relative(root, out)}`);
