// Minimal use of apisec from Node: `node examples/node/example.js [traffic.jsonl|file.har]`
// (from a checkout, after `npm run build` in apisec-node; or with the `apisec` package installed).
'use strict'
const path = require('node:path')
let apisec
try {
  apisec = require('apisec')
} catch {
  apisec = require(path.join(__dirname, '..', '..', 'apisec-node'))
}

async function main() {
  const engine = new apisec.Engine() // default policy: every built-in detector on
  engine.ingest({ ts: 1700000000, client_ip: '203.0.113.7', host: 'shop.example', method: 'GET', path: '/api/users/1001', status: 200 })
  try {
    engine.ingest({ ts: 'not a time' })
  } catch (err) {
    console.log(`rejected (${err.code}): ${err.message}`)
  }
  const file = process.argv[2] || path.join(__dirname, '..', '..', 'tests', 'conformance', 'inventory', 'records.jsonl')
  console.log('ingestFile:', await engine.ingestFile(file))
  for (const a of engine.assets()) console.log(`${a.request_method.padEnd(6)} ${a.service_host}${a.api_format}`)
  for (const f of engine.scan('call me on 13812345678')) console.log(`${f.code} ${f.name} ${f.level} [${f.start}, ${f.end})`)
  console.log('openapi paths:', Object.keys(engine.openapi().paths).length)
  const s = engine.stats()
  console.log(`records=${s.records} accepted=${s.accepted} rejected=${s.rejected}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
