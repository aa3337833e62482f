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
      openapi: engine.openapi(),
      compliance: engine.compliance(),
    }
    const texts = path.join(dir, 'texts.txt')
    if (fs.existsSync(texts)) got.scan = textsOf(fs.readFileSync(texts)).map((t) => engine.scan(t))
    const traces = path.join(dir, 'traces.txt')
    if (fs.existsSync(traces)) got.trace = textsOf(fs.readFileSync(traces)).map((v) => engine.trace(v.toString('utf8')))
    const want = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'))
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort())
    for (const k of Object.keys(want)) assert.deepEqual(got[k], want[k], `${name}: ${k} differs`)
  })
}

// One text per line of texts.txt (a final newline does not start another text); Buffers,
// so offsets are bytes of exactly the file's text.
function textsOf(buf) {
  if (buf.length === 0) return []
  if (buf[buf.length - 1] === 0x0a) buf = buf.subarray(0, buf.length - 1)
  const out = []
  let start = 0
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 0x0a) {
      out.push(buf.subarray(start, i))
      start = i + 1
    }
  }
  return out
}

test('scan of a string and of its UTF-8 Buffer agree', () => {
  const dir = path.join(root, 'sensitive')
  const engine = new Engine(path.join(dir, 'policy.json'))
  for (const t of textsOf(fs.readFileSync(path.join(dir, 'texts.txt')))) {
    assert.deepEqual(engine.scan(t.toString('utf8')), engine.scan(t))
  }
})
