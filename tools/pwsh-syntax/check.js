// Parses every .ps1/.psd1/.psm1 of the repository (or the files given) with tree-sitter's PowerShell grammar and
// exits 1 when any parse tree has an ERROR or MISSING node, printing file:line:column for each.
// Usage (from the repository root): npm --prefix tools/pwsh-syntax ci && node tools/pwsh-syntax/check.js
'use strict';
const fs = require('fs');
const path = require('path');
const { Parser, Language } = require('web-tree-sitter');

const root = path.resolve(__dirname, '..', '..');
const skip = new Set(['node_modules', '.git', 'bin', 'obj', 'out']);

function find(dir, found) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) find(full, found);
    else if (/\.(ps1|psd1|psm1)$/i.test(entry.name)) found.push(full);
  }
  return found;
}

function problems(node, out) {
  if (node.type === 'ERROR' || node.isError) out.push({ node, what: 'syntax error' });
  else if (node.isMissing) out.push({ node, what: `missing ${node.type}` });
  if (node.hasError) for (const child of node.children) problems(child, out);
  return out;
}

async function main() {
  await Parser.init();
  const wasm = require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  const files = process.argv.length > 2 ? process.argv.slice(2).map(f => path.resolve(f)) : find(root, []);
  let failed = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const tree = parser.parse(text);
    const found = problems(tree.rootNode, []);
    for (const { node, what } of found) {
      const p = node.startPosition;
      console.error(`${path.relative(root, file)}:${p.row + 1}:${p.column + 1}: ${what}: ${JSON.stringify(node.text.slice(0, 60))}`);
    }
    if (found.length > 0) failed++;
    tree.delete();
  }
  console.log(`${files.length} PowerShell files parsed, ${failed} with errors`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch(e => { console.error(e); process.exit(2); });
