// The shared conformance vectors: Node must produce exactly the JSON in expected.json.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { Engine } = require(process.env.APISEC_NODE_PACKAGE || '..')

const root = process.env.APISEC_CONFORMANCE || path.join(__dirname, '..', '..', 'tests', 'conformance')
const cases = fs.readdirSync(root).filter((n) => fs.statSync(path.join(root, n)).isDirectory()).sort()

test('there are conformance cases', () => assert.ok(cases.length >= 4))

for (const name of cases) {
  test(`conformance: ${name}`, async () => {
    const dir = path.join(root, name)
    const policy = path.join(dir, 'policy.json')
    const engine = new Engine(fs.existsSync(policy) ? policy : undefined)
    const jsonl = path.join(dir, 'records.jsonl')
    await engine.ingestFile(fs.existsSync(jsonl) ? jsonl : path.join(dir, 'records.har'))
    const got = {
      assets: engine.assets(),
      risks: engine.risks(),
      events: engine.events(),
      overview: engine.overview(),
      stats: engine.stats(),
    }
    assert.deepEqual(got, JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')))
  })
}
