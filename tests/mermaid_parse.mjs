// Mermaid's own parser over diagrams read as a JSON array on stdin; prints a JSON array with
// null (accepted) or the error of each. Usage: node mermaid_parse.mjs DIR, where DIR holds
// node_modules with mermaid and jsdom (`npm install mermaid@11 jsdom`). Used by test_mermaid.py.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const dir = path.resolve(process.argv[2]);
const require = createRequire(path.join(dir, 'package.json'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const entry = path.join(dir, 'node_modules', 'mermaid', 'dist', 'mermaid.core.mjs');
const { default: mermaid } = await import(pathToFileURL(entry).href);
mermaid.initialize({ startOnLoad: false });
const texts = JSON.parse(readFileSync(0, 'utf8'));
const out = [];
for (const text of texts) {
  try {
    await mermaid.parse(text);
    out.push(null);
  } catch (e) {
    out.push(String((e && e.message) || e).slice(0, 400));
  }
}
process.stdout.write(JSON.stringify(out));
