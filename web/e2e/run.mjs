// End-to-end tests of the web app in Debian's Chromium (playwright-core), against a real
// `xinqiao serve` on a fresh demo database. Run by `make test` (ctest WebE2E); screenshots of the
// main pages go to build/e2e-screenshots/ (zh-CN, desktop and 360 px phone).
//
//   XINQIAO_BINARY=build/xinqiao node web/e2e/run.mjs

import { spawn, execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '../..')
const binary = resolve(process.env.XINQIAO_BINARY ?? join(repo, 'build/xinqiao'))
const shots = resolve(process.env.XINQIAO_SCREENSHOTS ?? join(repo, 'build/e2e-screenshots'))
mkdirSync(shots, { recursive: true })

// ---- a server on a fresh demo database ------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'xinqiao-e2e-'))
const key = join(dir, 'xinqiao.key')
const db = `sqlite:${join(dir, 'xinqiao.db')}`
execFileSync(binary, ['keygen', '--key-file', key], { stdio: 'ignore' })
execFileSync(binary, ['demo', '--db', db, '--key-file', key, '--students', '3000', '--argon2-memory-kib', '1024'],
  { stdio: 'ignore' })
const accounts = Object.fromEntries(readFileSync(join(dir, 'demo-accounts.txt'), 'utf8').split('\n')
  .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')).map((f) => [f[2], f]))

const server = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--db', db, '--key-file', key,
  '--web-root', join(repo, 'web/dist'), '--access-log', 'off', '--argon2-memory-kib', '1024'],
  { stdio: ['ignore', 'inherit', 'pipe'] })
process.on('exit', () => server.kill('SIGKILL'))
const base = await new Promise((resolveUrl, reject) => {
  let out = ''
  server.stderr.on('data', (chunk) => {
    out += chunk
    const m = out.match(/"url":"(http:\/\/[^"]+)"/)
    if (m) resolveUrl(m[1])
  })
  server.on('exit', (code) => reject(new Error(`xinqiao serve exited with ${code}`)))
  setTimeout(() => reject(new Error('xinqiao serve did not start')), 20000)
})

// RFC 6238 with the defaults authenticator apps use (SHA-1, 6 digits, 30 s).
function totp(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)))
  const h = createHmac('sha1', key).update(counter).digest()
  const o = h[h.length - 1] & 0xf
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0')
}

// ---- the tests -------------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking'],
})
const failures = []
let passed = 0

async function test(name, viewport, body) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' })
  const page = await context.newPage()
  const problems = []
  // A 401 is how the app learns nobody is signed in or a password was wrong, a 404 that an id is
  // out of reach; Chromium logs both. Anything else (a script blocked by the
  // Content-Security-Policy, an exception) fails the test.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 40[14]/.test(m.text())) problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(String(e)))
  page.on('response', (r) => {
    if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/')) problems.push(`${r.status()} for ${r.url()}`)
  })
  try {
    await body(page)
    if (problems.length) throw new Error(`the page reported errors: ${problems.join(' | ')}`)
    passed++
    console.log(`ok   ${name}`)
  } catch (e) {
    failures.push(name)
    console.log(`FAIL ${name}: ${e.message}`)
    await page.screenshot({ path: join(shots, `FAILED-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {})
  }
  await context.close()
}

function expect(condition, message) {
  if (!condition) throw new Error(message)
}

const desktop = { width: 1280, height: 800 }
const phone = { width: 360, height: 740 }

await test('a class teacher signs in and sees the workbench', desktop, async (page) => {
  const [login, password] = accounts.class_teacher
  await page.goto(`${base}/`)
  await page.waitForURL(/\/sign-in\?next=/)
  await page.screenshot({ path: join(shots, 'workbench-sign-in-desktop.png') })
  await page.getByLabel('登录名').fill(login)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByTestId('who').waitFor()
  expect((await page.getByTestId('who').textContent()).includes('你好'), 'greets the teacher')
  const role = await page.getByTestId('roles').getByText('班主任').boundingBox()
  expect(role && role.width > 20, 'shows the role, visibly')
  await page.screenshot({ path: join(shots, 'workbench-home-desktop.png') })
  await page.reload()
  await page.getByTestId('who').waitFor()
  await page.getByRole('button', { name: '退出登录' }).click()
  await page.waitForURL(/\/sign-in/)
})

await test('a wrong password gets a plain message', desktop, async (page) => {
  await page.goto(`${base}/sign-in`)
  await page.getByLabel('登录名').fill(accounts.class_teacher[0])
  await page.getByLabel('密码').fill('not-the-password')
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('alert').waitFor()
  expect((await page.getByRole('alert').textContent()).includes('登录名或密码不对'), 'says what went wrong')
})

await test('a psychology teacher signs in with a second factor and returns to the page asked for', desktop,
  async (page) => {
    const [login, password, , , secret] = accounts.psychology_teacher
    await page.goto(`${base}/?from=bookmark`)
    await page.getByLabel('登录名').fill(login)
    await page.getByLabel('密码').fill(password)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByLabel('动态验证码').fill(totp(secret))
    await page.screenshot({ path: join(shots, 'workbench-second-factor-desktop.png') })
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByTestId('who').waitFor()
    expect(page.url().endsWith('/?from=bookmark'), `back on the page asked for, at ${page.url()}`)
  })

await test('a student signs in on a phone with number and code', phone, async (page) => {
  const [number, code] = accounts.student
  await page.goto(`${base}/student/`)
  await page.screenshot({ path: join(shots, 'student-sign-in-phone.png') })
  await page.getByLabel('学籍号').fill(number)
  await page.getByLabel('登录码').fill(code.toLowerCase())
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByTestId('hello').waitFor()
  await page.screenshot({ path: join(shots, 'student-home-phone.png') })
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width <= 360, `no sideways scrolling at 360 px (page is ${width} px wide)`)
})

await test('a wrong student code gets a plain message', phone, async (page) => {
  await page.goto(`${base}/student/`)
  await page.getByLabel('学籍号').fill(accounts.student[0])
  await page.getByLabel('登录码').fill('AAAA-AAAA')
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('alert').waitFor()
  expect((await page.getByRole('alert').textContent()).includes('登录码不对'), 'says what went wrong')
})

// An admin's view through the API, to find a class that is not the teacher's own.
async function adminSession() {
  const [login, password, , , secret] = accounts.admin
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password, totp: totp(secret) }),
  })
  expect(r.status === 200, `the admin signs in through the API (${r.status})`)
  return r.headers.get('set-cookie').split(';')[0]
}

await test('a class teacher prints the code sheet of their class, and a student signs in with it', desktop,
  async (page) => {
    const [login, password, , ownClass] = accounts.class_teacher
    await page.goto(`${base}/sign-in`)
    await page.getByLabel('登录名').fill(login)
    await page.getByLabel('密码').fill(password)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('link', { name: '本班登录码' }).click()
    await page.waitForURL(new RegExp(`/classes/${ownClass}/code-sheet$`))
    await page.getByRole('button', { name: '生成并显示登录码' }).click()
    const slips = page.getByTestId('code-sheet').locator('.slip')
    await slips.first().waitFor()
    expect(await slips.count() >= 5, 'a slip for every student of the class')
    await page.screenshot({ path: join(shots, 'code-sheet-desktop.png') })
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: join(shots, 'code-sheet-print.png'), fullPage: true })
    expect(!(await page.getByRole('button', { name: '打印' }).isVisible()), 'the buttons are not printed')
    const number = (await slips.first().locator('div').nth(1).textContent()).split('：')[1]
    const code = await slips.first().locator('.code').textContent()

    const student = await browser.newContext({ viewport: phone, locale: 'zh-CN' })
    const phonePage = await student.newPage()
    await phonePage.goto(`${base}/student/`)
    await phonePage.getByLabel('学籍号').fill(number)
    await phonePage.getByLabel('登录码').fill(code)
    await phonePage.getByRole('button', { name: '登录' }).click()
    await phonePage.getByTestId('hello').waitFor()
    await student.close()
  })

await test("a class teacher cannot reach another class's codes by editing the URL", desktop, async (page) => {
  const [login, password, , ownClass] = accounts.class_teacher
  const cookie = await adminSession()
  let other = 0
  for (let id = Number(ownClass) + 1; id < Number(ownClass) + 50 && !other; id++) {
    const r = await fetch(`${base}/api/v1/org-units/${id}`, { headers: { Cookie: cookie } })
    if (r.status === 200 && (await r.json()).kind === 'class') other = id
  }
  expect(other > 0, 'found another class')
  await page.goto(`${base}/sign-in?next=/classes/${other}/code-sheet`)
  await page.getByLabel('登录名').fill(login)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(new RegExp(`/classes/${other}/code-sheet$`))
  await page.getByRole('button', { name: '生成并显示登录码' }).click()
  await page.getByRole('alert').waitFor()
  expect((await page.getByRole('alert').textContent()).includes('找不到这个班级'), 'refused in plain words')
  expect(await page.getByTestId('code-sheet').count() === 0, 'no codes shown')
})

await browser.close()
server.kill('SIGTERM')
rmSync(dir, { recursive: true, force: true })
console.log(`web e2e: ${passed} passed, ${failures.length} failed; screenshots in ${shots}`)
process.exit(failures.length ? 1 : 0)
