// Prints (as JSON) each title of a JSON list in title case as citeproc-js formats it
// (text-case="title" on the title variable, en-US).
// usage: node citeproc_title_case.js JUDGES TITLES.json
const fs = require("fs");
const path = require("path");
const [judges, titlesPath] = process.argv.slice(2);
const CSL = require(path.join(judges, "citeproc-js", "node_modules", "citeproc"));
const locale = fs.readFileSync(path.join(judges, "citeproc-js", "locales-en-US.xml"), "utf8");
const style = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
<info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>
<citation><layout><text variable="title" text-case="title"/></layout></citation></style>`;
const titles = JSON.parse(fs.readFileSync(titlesPath, "utf8"));
const items = {};
titles.forEach((t, i) => { items["i" + i] = {id: "i" + i, type: "book", title: t}; });
const engine = new CSL.Engine({retrieveLocale: () => locale, retrieveItem: id => items[id]}, style);
engine.setOutputFormat("text");
console.log(JSON.stringify(titles.map((t, i) => engine.makeCitationCluster([{id: "i" + i}]))));
