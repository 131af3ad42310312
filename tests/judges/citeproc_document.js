#!/usr/bin/env node
// Documents formatted by citeproc-js (Zotero's engine), the one the judge
// $KAZAN_JUDGES/citeproc-js installs: its cite.js formats one item per document (Quick Copy);
// this formats the document `kazan-export cite` prints. Usage:
//   node citeproc_document.js JUDGES DOCUMENTS.json [text|html]
// DOCUMENTS.json: a list of {style: path of a .csl, items: CSL-JSON items (the document's
// references), cites: [{id, locator?, label?, prefix?}, ...] (one cluster each, in order, a
// note each in a note style), format?: text|html (else the one given)}. Prints a list of {citations: [...], bibliography: [[id, entry],
// ...]}: the entries the style prints, in its order (none for items it leaves out).
const fs = require('fs');
const path = require('path');
const [judges, docsPath, format = 'text'] = process.argv.slice(2).filter((a) => a !== '--fresh');
const CSL = require(path.join(judges, 'citeproc-js', 'node_modules', 'citeproc'));
const locale = fs.readFileSync(path.join(judges, 'citeproc-js', 'locales-en-US.xml'), 'utf8');
// Building an engine compiles its style (over a second for APA): one engine per style serves
// every document, reset to an empty state before each (restoreProcessorState([]) drops every
// citation, updateItems([]) every registered item); --fresh builds one per document instead,
// which the tests use to show that the reset leaves nothing behind.
const fresh = process.argv.includes('--fresh');
const engines = {};
let byId = {};
const sys = { retrieveLocale: () => locale, retrieveItem: (id) => byId[id] };
const out = JSON.parse(fs.readFileSync(docsPath, 'utf8')).map(({ style: stylePath, items, cites, format: fmt }) => {
  const style = fs.readFileSync(stylePath, 'utf8');
  byId = Object.fromEntries(items.map((i) => [i.id, i]));
  let engine = fresh ? null : engines[stylePath];
  if (engine) {
    engine.restoreProcessorState([]);
    engine.updateItems([]);
  } else {
    engine = new CSL.Engine(sys, style);
    if (!fresh) engines[stylePath] = engine;
  }
  engine.setOutputFormat(fmt || format);
  const note = /class="note"/.test(style);
  const pre = [];
  const texts = {};
  cites.forEach((c, n) => {
    const cluster = { citationID: `c${n}`, citationItems: [c], properties: { noteIndex: note ? n + 1 : 0 } };
    const [, changed] = engine.processCitationCluster(cluster, pre.slice(), []);
    for (const [, text, id] of changed) texts[id] = text;
    pre.push([`c${n}`, note ? n + 1 : 0]);
  });
  const bib = engine.makeBibliography();
  const entries = [];
  if (bib) {
    // entry_ids lists every registered item, the entries leave out those the style does not
    // print: when some are left out, ask for each item's entry alone to know which
    const printed = bib[1].length === bib[0].entry_ids.length ? bib[0].entry_ids : bib[0].entry_ids.filter(([id]) => {
      const one = engine.makeBibliography({ include: [{ field: 'id', value: id }] });
      return one && one[1].length > 0;
    });
    printed.forEach(([id], k) => entries.push([id, bib[1][k].trim()]));
  }
  return { citations: cites.map((_, n) => texts[`c${n}`]), bibliography: entries };
});
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
