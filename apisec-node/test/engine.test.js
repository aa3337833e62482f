// Round trips through the Node API: input shapes, errors with codes, files, async ingest.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Engine, version } = require(process.env.APISEC_NODE_PACKAGE || '..')

const good = {
  ts: 1700000000,
  client_ip: '203.0.113.9',
  host: 'api.example',
  method: 'GET',
  path: '/v1/users/42',
  status: 200,
  resp_headers: { 'Content-Type': 'application/json' },
  resp_body: JSON.stringify({ id: 42, phone: '13812345678' }),
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apisec-node-'))

test('object, string and Buffer records give the same asset', () => {
  const outs = [good, JSON.stringify(good), Buffer.from(JSON.stringify(good))].map((r) => {
    const e = new Engine()
    e.ingest(r)
    return e.assets()
  })
  assert.deepEqual(outs[0], outs[1])
  assert.deepEqual(outs[1], outs[2])
  assert.equal(outs[0].length, 1)
  assert.equal(outs[0][0].service_host, 'api.example')
  assert.equal(outs[0][0].request_method, 'GET')
  assert.equal(outs[0][0].log_type, 'asset')
  assert.match(version(), /^\d+\.\d+\.\d+/)
})

test('a rejected record throws APISEC_RECORD with field and line, and is counted', () => {
  const e = new Engine()
  e.ingest(good)
  assert.throws(() => e.ingest({ ...good, client_ip: 'nope' }), (err) => {
    assert.ok(err instanceof Error)
    assert.equal(err.code, 'APISEC_RECORD')
    assert.equal(err.kind, 'record')
    assert.equal(err.field, 'client_ip')
    assert.equal(err.line, 2)
    return true
  })
  const s = e.stats()
  assert.equal(s.accepted, 1)
  assert.equal(s.rejected, 1)
  assert.equal(s.rejects[0].line, 2)
  assert.equal(e.assets().length, 1)
})

test('policy as object, JSON string and path; an invalid one throws APISEC_POLICY', () => {
  const p = path.join(tmp, 'policy.json')
  fs.writeFileSync(p, '{}')
  for (const policy of [{}, '{}', p]) assert.deepEqual(new Engine(policy).assets(), [])
  assert.throws(() => new Engine({ no_such_option: 1 }), (err) => {
    assert.equal(err.code, 'APISEC_POLICY')
    assert.equal(typeof err.path, 'string')
    assert.match(err.message, /no_such_option/)
    return true
  })
  assert.throws(() => new Engine(path.join(tmp, 'absent.json')), { code: 'APISEC_IO' })
})

test('ingestMany counts rejects with their positions', () => {
  const e = new Engine()
  const recs = Array.from({ length: 10 }, (_, i) => (i === 3 ? '{' : { ...good, path: `/v1/items/${i}` }))
  assert.deepEqual(e.ingestMany(recs), { accepted: 9, rejected: 1 })
  assert.equal(e.stats().rejects[0].line, 4)
  // Paths fold into learned templates; every accepted request is counted exactly once.
  assert.equal(e.assets().reduce((n, a) => n + a.request_count, 0), 9)
})

test('ingestFile reads JSONL and HAR off the main thread', async () => {
  const e = new Engine()
  const jl = path.join(tmp, 'a.jsonl')
  fs.writeFileSync(jl, JSON.stringify(good) + '\n\nnot json\n')
  assert.deepEqual(await e.ingestFile(jl), { accepted: 1, rejected: 1 })
  assert.equal(e.stats().rejects[0].line, 3)
  const har = path.join(tmp, 'b.har')
  fs.writeFileSync(har, '{"log":{"entries":[{"startedDateTime":"2023-11-15T00:00:00Z",' +
    '"request":{"method":"POST","url":"https://h.test/x"},"response":{"status":201}}]}}')
  assert.deepEqual(await e.ingestFile(har), { accepted: 1, rejected: 0 })
  assert.deepEqual(new Set(e.assets().map((a) => a.service_host)), new Set(['api.example', 'h.test']))
  const broken = path.join(tmp, 'c.har')
  fs.writeFileSync(broken, '{"log":{"entries":7}}')
  // Starts like HAR but is not: read as one JSONL line, and rejected.
  assert.deepEqual(await e.ingestFile(broken), { accepted: 0, rejected: 1 })
  await assert.rejects(e.ingestFile(path.join(tmp, 'missing.jsonl')), { code: 'APISEC_IO' })
})

test('report holds every query', () => {
  const e = new Engine()
  e.ingest(good)
  const r = e.report()
  assert.deepEqual(r.assets, e.assets())
  assert.deepEqual(r.risks, e.risks())
  assert.deepEqual(r.events, e.events())
  assert.deepEqual(r.overview, e.overview())
  assert.deepEqual(r.stats, e.stats())
  assert.equal(r.overview.api_total, 1)
})

test('snapshot and restore give the same answers; a bad snapshot throws APISEC_SNAPSHOT', () => {
  const e = new Engine()
  e.ingestMany(Array.from({ length: 5 }, (_, i) => ({ ...good, path: `/v1/users/${i}` })))
  const snap = e.snapshot()
  assert.ok(Buffer.isBuffer(snap) && snap.length > 0)
  const r = Engine.restore(snap)
  assert.deepEqual(r.report(), e.report())
  assert.throws(() => Engine.restore(Buffer.from('nope')), { code: 'APISEC_SNAPSHOT', kind: 'snapshot' })
})

test('merge equals one engine that saw everything; the other is unchanged', () => {
  // Distinct hosts: six APIs, and nothing that only a whole window of calls would reveal.
  const recs = Array.from({ length: 6 }, (_, i) => ({ ...good, host: `h${i}.example`, ts: 1700000000 + i }))
  const whole = new Engine()
  const a = new Engine()
  const b = new Engine()
  whole.ingestMany(recs)
  a.ingestMany(recs.slice(0, 3))
  b.ingestMany(recs.slice(3))
  a.merge(b)
  assert.deepEqual(a.assets(), whole.assets())
  assert.equal(a.stats().accepted, 6)
  assert.equal(b.assets().length, 3)
})

test('drainLogs hands each log record out once', () => {
  const e = new Engine()
  e.ingest(good)
  assert.ok(Array.isArray(e.drainLogs()))
  assert.deepEqual(e.drainLogs(), [])
})

test('scan gives byte offsets into the UTF-8 text, as the CLI prints them', () => {
  const e = new Engine()
  const [f] = e.scan('{"mobile":"13812345678"}')
  assert.equal(f.code, '1004')
  assert.equal(f.level, 'S2')
  assert.ok(f.name.length > 0)
  assert.deepEqual([f.start, f.end], [11, 22])
  const wide = '手机 13812345678'
  const [g] = e.scan(wide)
  assert.equal(Buffer.from(wide).subarray(g.start, g.end).toString(), '13812345678')
  assert.equal(e.scan(Buffer.from([0xff, 0x20, ...Buffer.from('13812345678')]))[0].start, 4)
  assert.deepEqual(e.scan('nothing here'), [])
})

test('scan follows the policy: types switched off, custom types added', () => {
  const e = new Engine({
    sensitive_data: {
      builtin: { 1004: { enabled: false } },
      custom: [{ name: 'badge', level: 'S3', mode: 'expert', pattern: 'EMP-[0-9]{6}' }],
    },
  })
  assert.deepEqual(
    e.scan('13812345678 EMP-123456').map((f) => [f.code, f.name, f.level]),
    [['9000', 'badge', 'S3']],
  )
})

test('openapi lists the discovered paths', () => {
  const e = new Engine()
  assert.deepEqual(e.openapi().paths, {})
  e.ingest(good)
  const doc = e.openapi()
  assert.match(doc.openapi, /^3\./)
  const paths = Object.keys(doc.paths)
  assert.equal(paths.length, 1)
  assert.ok(paths[0].startsWith('/v1/users'))
  assert.ok(doc.paths[paths[0]].get)
})

const leak = {
  ts: 1700000100,
  client_ip: '198.51.100.3',
  host: 'api.example',
  method: 'GET',
  path: '/v1/me',
  status: 200,
  src_country: 'US',
  resp_headers: { 'Content-Type': 'application/json' },
  resp_body: JSON.stringify({ mobile: '13812345678' }),
}

test('compliance and trace are off until switched on', () => {
  let e = new Engine()
  e.ingest(leak)
  assert.equal(e.compliance().enabled, false)
  assert.deepEqual([e.trace('13812345678').enabled, e.trace('13812345678').found], [false, false])

  e = new Engine()
  e.setAuditSwitches({ complianceCheck: true, tracingAuditing: true })
  e.ingest(leak)
  const t = e.trace('138 1234 5678')
  assert.deepEqual([t.enabled, t.found, t.code], [true, true, '1004'])
  assert.deepEqual(t.apis.map((a) => a.api_format), ['/v1/me'])
  assert.deepEqual(t.countries, ['US'])
  assert.ok(!JSON.stringify(t).includes('13812345678'))
  const c = e.compliance()
  assert.equal(c.enabled, true)
  assert.equal(c.cross_border_flows, 1)
})

test('the policy switches tracing per protected object', () => {
  const e = new Engine({ effective_objects: { objects: [{ host: 'api.example', tracing_auditing: true }] } })
  e.ingest(leak)
  assert.equal(e.trace('13812345678').found, true)
  assert.equal(e.compliance().enabled, false)
})
