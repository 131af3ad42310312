// Print, as CSL-JSON, what citation-js's RIS plug-in keeps of a RIS file (a test judge).
const fs = require('fs')
const { Cite } = require('@citation-js/core')
require('@citation-js/plugin-ris')
const text = fs.readFileSync(process.argv[2], 'utf8')
const items = new Cite(text, { forceType: '@ris/file' }).data
process.stdout.write(JSON.stringify(items, null, 1) + '\n')
