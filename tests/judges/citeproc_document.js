#!/usr/bin/env node
// Documents formatted by citeproc-js (Zotero's engine), the one the judge
// $KAZAN_JUDGES/citeproc-js installs: its cite.js formats one item per document (Quick Copy);
// this formats the document `kazan-export cite` prints. Usage:
//   node citeproc_document.js JUDGES DOCUMENTS.json [text|html]
// DOCUMENTS.json: a list of {style: path of a .csl, items: CSL-JSON items (the document's
// references), cites: [{id, locator?, label?, prefix?}, ...] (one cluster each, in order, a
// note each in a note style)}. Prints a list of {citations: [...], bibliography: [[id, entry],
// ...]}: the entries the style prints, in its order (none for items it leaves out).
const fs = require('fs');
const path = require('path');
const [judges, docsPath, format = 'text'] = process.argv.slice(2);
const CSL = require(path.join(judges, 'citeproc-js', 'node_modules', 'citeproc'));
const locale = fs.readFileSync(path.join(judges, 'citeproc-js', 'locales-en-US.xml'), 'utf8');
const styles = {};
const out = JSON.parse(fs.readFileSync(docsPath, 'utf8')).map(({ style: stylePath, items, cites }) => {
  const style = styles[stylePath] || (styles[stylePath] = fs.readFileSync(stylePath, 'utf8'));
  const byId = Object.fromEntries(items.map((i) => [i.id, i]));
  const engine = new CSL.Engine({ retrieveLocale: () => locale, retrieveItem: (id) => byId[id] }, style);
  engine.setOutputFormat(format);
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
    // print: ask for each item's entry alone to know which
    const printed = bib[0].entry_ids.filter(([id]) => {
      const one = engine.makeBibliography({ include: [{ field: 'id', value: id }] });
      return one && one[1].length > 0;
    });
    printed.forEach(([id], k) => entries.push([id, bib[1][k].trim()]));
  }
  return { citations: cites.map((_, n) => texts[`c${n}`]), bibliography: entries };
});
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
