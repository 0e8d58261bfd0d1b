// End-to-end tests of the web app in Debian's Chromium (playwright-core), against a real
// `xinqiao serve` on a fresh demo database. Run by `make test` (ctest WebE2E); screenshots of the
// main pages go to build/e2e-screenshots/ (zh-CN, desktop and 360 px phone).
//
//   XINQIAO_BINARY=build/xinqiao node web/e2e/run.mjs

import { spawn, execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer } from 'node:http'
import { chromium } from 'playwright-core'

import { openApiChecker } from './openapi-check.mjs'
const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '../..')
const binary = resolve(process.env.XINQIAO_BINARY ?? join(repo, 'build/xinqiao'))
const shots = resolve(process.env.XINQIAO_SCREENSHOTS ?? join(repo, 'build/e2e-screenshots'))
mkdirSync(shots, { recursive: true })
for (const old of readdirSync(shots)) if (old.startsWith('FAILED-')) rmSync(join(shots, old))

// ---- a server on a fresh demo database ------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'xinqiao-e2e-'))
const key = join(dir, 'xinqiao.key')
const db = `sqlite:${join(dir, 'xinqiao.db')}`
execFileSync(binary, ['keygen', '--key-file', key], { stdio: 'ignore' })
execFileSync(binary, ['demo', '--db', db, '--key-file', key, '--students', '3000', '--argon2-memory-kib', '1024',
  '--instruments', join(repo, 'instruments'), '--risk-rules', join(repo, 'risk-rules')],
  { stdio: ['ignore', 'ignore', 'inherit'] })
const accounts = Object.fromEntries(readFileSync(join(dir, 'demo-accounts.txt'), 'utf8').split('\n')
  .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')).map((f) => [f[2], f]))

const server = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--db', db, '--key-file', key,
  '--web-root', join(repo, 'web/dist'), '--instruments', join(repo, 'instruments'),
  '--risk-rules', join(repo, 'risk-rules'), '--access-log', 'off',
  '--argon2-memory-kib', '1024'],
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

// RFC 6238 with the defaults authenticator apps use (SHA-1, 6 digits, 30 s). The server accepts
// each time step once per account, one step either side of now; a second sign-in in the same
// half minute uses the next step, a third waits for it.
const lastStep = new Map()
async function totp(secret) {
  const now = () => Math.floor(Date.now() / 30000)
  const step = Math.max(now(), (lastStep.get(secret) ?? -1) + 1)
  while (step > now() + 1) await new Promise((r) => setTimeout(r, 500))
  lastStep.set(secret, step)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
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
// Every JSON answer the pages receive is held to the OpenAPI document the web app's types come from.
const openApi = openApiChecker(join(repo, 'src/http/openapi.json'))
let passed = 0

async function test(name, viewport, body) {
  // XINQIAO_E2E_ONLY=words runs only the tests whose names contain them ("a|b": either; while working on one page).
  if (process.env.XINQIAO_E2E_ONLY && !process.env.XINQIAO_E2E_ONLY.split("|").some((part) => name.includes(part))) return
  const context = await browser.newContext({ viewport, locale: 'zh-CN' })
  const page = await context.newPage()
  const problems = []
  // A 401 is how the app learns nobody is signed in or a password was wrong, a 404 that an id is
  // out of reach, a 409 or 422 that a change was refused (the page says why); Chromium logs
  // them, and a request made while a test holds the network down.
  // Anything else (a script blocked by the Content-Security-Policy, an exception) fails the test.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (40[149]|422)|ERR_INTERNET_DISCONNECTED/.test(m.text())) problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(String(e)))
  const answers = []
  page.on('response', (r) => {
    const { pathname, searchParams } = new URL(r.url())
    if (r.status() >= 400 && !pathname.startsWith('/api/')) problems.push(`${r.status()} for ${r.url()}`)
    if (pathname.startsWith('/api/v1/')) problems.push(...openApi.query(r.request().method(), pathname, searchParams))
    if (pathname.startsWith('/api/v1/') && r.status() < 300 && (r.headers()['content-type'] ?? '').includes('json')) {
      answers.push(r.json().then((body) => problems.push(...openApi.answer(r.request().method(), pathname, r.status(), body)),
        () => {}))
    }
  })
  try {
    await body(page)
    await Promise.all(answers)
    // A component the workbench forgot to register stays in the page as an unknown <el-*> tag.
    const unregistered = await page.evaluate(() => [...new Set([...document.querySelectorAll('*')]
      .map((e) => e.tagName.toLowerCase()).filter((t) => t.startsWith('el-')))]).catch(() => [])
    if (unregistered.length) problems.push(`components not registered: ${unregistered.join(', ')}`)
    if (problems.length) throw new Error(`the page reported errors: ${problems.join(' | ')}`)
    passed++
    console.log(`ok   ${name}`)
  } catch (e) {
    failures.push(name)
    console.log(`FAIL ${name}: ${e.message}`)
    if (!(e.message ?? '').includes('Call log')) console.log((e.stack ?? '').split('\n').slice(1, 4).join('\n'))
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
  const role = await page.getByTestId('scope').getByText('班主任').boundingBox()
  expect(role && role.width > 20, 'shows the role, visibly')
  const menu = (await page.getByTestId('menu').textContent())
  expect(menu.includes('学生名册') && !menu.includes('账号与权限'), `the menu fits the role: ${menu}`)
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
    await page.getByLabel('动态验证码').fill(await totp(secret))
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
    body: JSON.stringify({ login, password, totp: await totp(secret) }),
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
    await page.getByTestId('menu').getByRole('link', { name: '本班登录码' }).click()
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


// ---- helpers for the pages behind the sign-in ------------------------------------------------
async function signIn(page, role, next = '/') {
  const [login, password, , , secret] = accounts[role]
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`)
  await page.getByLabel('登录名').fill(login)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  if (secret !== '-') {
    await page.getByLabel('动态验证码').fill(await totp(secret))
    await page.getByRole('button', { name: '登录' }).click()
  }
  await page.getByTestId('who').waitFor()
}

// A session cookie for `role`, for arranging data through the API.
// One per role for the whole run: a sign-in with a second factor waits for a fresh time step, so
// arranging data through the API must not sign in again each time.
const apiSessions = new Map()
async function apiSession(role) {
  if (!apiSessions.has(role)) apiSessions.set(role, await newApiSession(role))
  return apiSessions.get(role)
}

async function newApiSession(role) {
  const [login, password, , , secret] = accounts[role]
  const body = { login, password }
  if (secret !== '-') body.totp = await totp(secret)
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  })
  expect(r.status === 200, `${role} signs in through the API (${r.status})`)
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: (await r.json()).csrf_token }
}

async function apiGet(s, path) {
  const r = await fetch(`${base}${path}`, { headers: { Cookie: s.cookie } })
  expect(r.ok, `GET ${path}: ${r.status}`)
  return r.json()
}

// Picks an option of an Element Plus select by its visible text.
async function choose(page, testId, text) {
  await page.getByTestId(testId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

// Text whose contrast with what is behind it is under 4.5:1 (WCAG AA), on the visible page.
async function lowContrast(page) {
  return page.evaluate(() => {
    const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number)
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor)
        if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3)
      }
      return [255, 255, 255]
    }
    const bad = []
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
      if (!own || el.closest('[disabled], .is-disabled, [aria-hidden="true"]')) continue
      const rect = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      if (!rect.width || !rect.height || style.visibility === 'hidden' || Number(style.opacity) < 0.5) continue
      const fg = parse(style.color)
      const [a, b] = [lum(fg.slice(0, 3)), lum(background(el))].sort((x, y) => y - x)
      const ratio = (a + 0.05) / (b + 0.05)
      if (ratio < 4.5) bad.push(`${el.textContent.trim().slice(0, 20)} (${ratio.toFixed(2)}, ${style.color})`)
    }
    return bad
  })
}

async function expectContrast(page, where) {
  const bad = await lowContrast(page)
  expect(bad.length === 0, `text below 4.5:1 on ${where}: ${bad.slice(0, 5).join('; ')}`)
  await expectPlainWords(page, where)
}

// A Chinese page shows words, not the server's codes: no snake_case code (class_teacher,
// student.archive.read) and no English band or state names. Logins (demo.psych) and addresses
// are what a person typed and may stay.
async function expectPlainWords(page, where) {
  if ((await page.evaluate(() => document.documentElement.lang)) === 'en') return
  const text = await page.locator('body').innerText()
  const codes = text.match(/\b[a-z]+_[a-z_]+\b|\b(?:mild|minimal|moderate|severe|open|closed|acknowledged|screening)\b/g) ?? []
  expect(codes.length === 0, `codes on ${where}, a Chinese page: ${[...new Set(codes)].slice(0, 5).join(', ')}`)
}

// ---- the workbench pages ---------------------------------------------------------------------
await test('a bureau user browses the tree: counts, children, search and breadcrumbs', desktop, async (page) => {
  await signIn(page, 'bureau_staff')
  await page.getByTestId('menu').getByText('组织架构').click()
  await page.getByTestId('unit-name').waitFor()
  expect((await page.getByTestId('unit-name').textContent()).includes('明湖区'), 'starts at the grant\'s county')
  const counts = await page.getByTestId('unit-counts').textContent()
  expect(/学校\s*\d+/.test(counts) && /学生\s*\d+/.test(counts), `shows counts: ${counts}`)
  await page.getByTestId('children').getByRole('link', { name: '明湖第一小学' }).click()
  await page.waitForURL(/\/org\/9$/)
  await page.getByTestId('children').getByRole('link', { name: '一年级' }).waitFor()
  const crumbs = await page.getByTestId('crumbs').textContent()
  expect(crumbs.includes('明湖区') && crumbs.includes('明湖第一小学'), `breadcrumbs along the tree: ${crumbs}`)
  // The tree on the left opens lazily.
  // The tree on the left opens along the path to the unit shown, reading children lazily.
  await page.getByTestId('org-tree').getByText('明湖第一小学').waitFor()
  const grades = await page.getByTestId('children').locator('a').allTextContents()
  expect(grades.slice(0, 3).join() === '一年级,二年级,三年级', `grades in counting order: ${grades}`)
  await page.screenshot({ path: join(shots, 'org-tree-desktop.png') })
  await expectContrast(page, 'the org tree')
  await page.getByTestId('org-search').fill('1班')
  const hit = page.getByTestId('org-results').getByRole('link').first()
  await hit.waitFor()
  await hit.click()
  await page.getByTestId('unit-name').getByText('1班').waitFor()
  expect(!(await page.getByTestId('unit-counts').textContent()).includes('学校'), 'a class shows no school count')
})

await test('a psychology teacher filters students, sorts them and opens a profile', desktop, async (page) => {
  await signIn(page, 'psychology_teacher')
  await page.getByTestId('menu').getByText('学生名册').click()
  const rows = page.getByTestId('student-table').locator('.el-table__body tr')
  await rows.first().waitFor()
  const all = Number((await page.getByTestId('pager').locator('.el-pagination__total').textContent()).match(/\d+/)[0])
  await choose(page, 'filter-gender', '女')
  await page.waitForURL(/gender=female/)
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
  const girls = Number((await page.getByTestId('pager').locator('.el-pagination__total').textContent()).match(/\d+/)[0])
  expect(girls > 0 && girls < all, `filtering by gender narrows the list (${girls} of ${all})`)
  const genders = await rows.locator('td:nth-child(3)').allTextContents()
  expect(genders.every((g) => g.trim() === '女'), `only girls listed: ${genders.join(',')}`)
  await choose(page, 'filter-grade', '七年级')
  await page.waitForURL(/grade=\d+/)
  const grade = page.url().match(/grade=(\d+)/)[1]
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
  const classes = await rows.locator('td:nth-child(5)').allTextContents()
  expect(classes.length > 0 && classes.every((c) => c.includes('七年级')), `only the chosen grade: ${classes.slice(0, 3)}`)
  await page.getByTestId('student-table').getByText('姓名').click()
  await page.waitForURL(/sort=name/)
  await page.reload()
  await rows.first().waitFor()
  expect(page.url().includes('gender=female') && page.url().includes(`grade=${grade}`), 'filters survive a reload')
  await page.screenshot({ path: join(shots, 'students-desktop.png') })
  await expectContrast(page, 'the student list')
  await page.getByTestId('student-link').first().click()
  await page.getByTestId('student-name').waitFor()
  const fields = await page.getByTestId('student-fields').textContent()
  expect(fields.includes('学籍号') && fields.includes('七年级'), 'the profile shows the roster fields')
  expect(await page.getByText('谈话记录').count() > 0, 'a psychology teacher sees the notes section')
  await page.screenshot({ path: join(shots, 'student-profile-desktop.png') })
})

// The initials of some of the demo's most common name characters: the test's own reading, so
// that the server's pinyin is checked against something it did not compute.
const initialOf = {
  王: 'w', 李: 'l', 张: 'z', 刘: 'l', 陈: 'c', 杨: 'y', 黄: 'h', 赵: 'z', 吴: 'w', 周: 'z',
  浩: 'h', 宇: 'y', 轩: 'x', 子: 'z', 博: 'b', 文: 'w', 俊: 'j', 杰: 'j', 涛: 't', 明: 'm',
  欣: 'x', 怡: 'y', 梓: 'z', 涵: 'h', 雨: 'y', 萱: 'x', 诗: 's', 琪: 'q', 佳: 'j', 悦: 'y',
}

await test('a psychology teacher finds a student by the initials of the name, by part of it and by number', desktop,
  async (page) => {
    await signIn(page, 'psychology_teacher')
    await page.getByTestId('menu').getByText('学生名册').click()
    const rows = page.getByTestId('student-table').locator('.el-table__body tr')
    await rows.first().waitFor()
    const unitId = new URL(page.url()).pathname.match(/units\/(\d+)\/students/)[1]
    const roster = await page.evaluate((id) => fetch(`/api/v1/org-units/${id}/students?page_size=500`).then((r) => r.json()), unitId)
    // The longest such name, so that few others share its initials.
    const known = roster.items.filter((s) => [...s.name].every((c) => initialOf[c]))
      .sort((a, b) => [...b.name].length - [...a.name].length)[0]
    expect(known, 'the school has a student whose name the test can read')
    const initials = [...known.name].map((c) => initialOf[c]).join('')
    // From the roster's second page: a search starts at its own first page.
    await page.getByTestId('pager').locator('.btn-next').click()
    await page.waitForURL(/page=2/)
    const searched = (q) => page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === q)
    let answered = searched(initials)
    await page.getByTestId('search').fill(initials)
    await answered
    await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
    expect(!page.url().includes(initials), 'what was typed stays out of the page address')
    const names = await rows.locator('td:nth-child(2)').allTextContents()
    expect(names.includes(known.name), `typing ${initials} finds ${known.name} (${names.slice(0, 5)})`)
    expect(names.every((n) => [...n].length >= initials.length), 'every name found has as many characters as typed')
    await page.screenshot({ path: join(shots, 'student-search-desktop.png') })

    const part = [...known.name].slice(1).join('')
    answered = searched(part)
    await page.getByTestId('search').fill(part)
    await answered
    await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
    const withPart = await rows.locator('td:nth-child(2)').allTextContents()
    expect(withPart.length > 0 && withPart.every((n) => n.includes(part)), `part of a name: ${part} (${withPart.slice(0, 5)})`)

    answered = searched(known.student_number)
    await page.getByTestId('search').fill(known.student_number)
    await page.getByTestId('search').press('Enter')
    await answered
    await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
    expect(await rows.count() === 1 && (await rows.first().textContent()).includes(known.name), 'the number finds one student')
    await choose(page, 'filter-gender', known.gender === 'male' ? '男' : '女')
    await page.waitForURL(/gender=/)
    await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
    expect(await rows.count() === 1, 'a filter keeps the search')
    expect(!page.url().includes(known.student_number), 'the number stays out of the page address')

    answered = searched('qqqqqqqq')
    await page.getByTestId('search').fill('qqqqqqqq')
    await answered
    await page.getByText('没有符合条件的学生').waitFor()
  })

await test('the student list works on a phone', phone, async (page) => {
  await signIn(page, 'class_teacher')
  await page.getByTestId('menu').getByText('学生名册').click()
  await page.getByTestId('student-table').locator('.el-table__body tr').first().waitFor()
  await page.screenshot({ path: join(shots, 'students-phone.png') })
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width <= 360, `the page itself does not scroll sideways at 360 px (${width} px)`)
})

await test("a class teacher cannot open another class's student by editing the URL", desktop, async (page) => {
  const [, , , ownClass] = accounts.class_teacher
  const bureau = await apiSession('bureau_staff')
  const school = await apiGet(bureau, `/api/v1/org-units/${accounts.psychology_teacher[3]}/students?page_size=200`)
  const mine = school.items.find((s) => String(s.class_id) === ownClass)
  const other = school.items.find((s) => String(s.class_id) !== ownClass)
  expect(mine && other, 'found a student in and out of the class')
  await signIn(page, 'class_teacher', `/students/${mine.id}`)
  await page.getByTestId('student-name').waitFor()
  // A class teacher reads notes only with a written reason (break-glass): the form, not the notes.
  await page.getByText('需要写明理由').waitFor()
  expect(await page.getByTestId('notes').count() === 0, 'no notes shown without a reason')
  await page.goto(`${base}/students/${other.id}`)
  await page.getByRole('alert').waitFor()
  expect((await page.getByRole('alert').textContent()).includes('找不到这名学生'), 'refused in plain words')
  expect(!(await page.content()).includes(other.name), "the other student's name never reaches the page")
})

await test('a psychology teacher imports a roster with an error, fixes it and imports it', desktop, async (page) => {
  await signIn(page, 'psychology_teacher')
  await page.getByTestId('menu').getByText('导入名单').click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template').click()])
  const template = readFileSync(await download.path(), 'utf8')
  expect(template.startsWith('\ufeff姓名,性别,出生日期,学籍号,年级,班级'), `the template has the Chinese headers: ${template.slice(0, 30)}`)
  expect(download.suggestedFilename() === '学生名单模板.csv', `named for people: ${download.suggestedFilename()}`)

  const header = '姓名,性别,出生日期,学籍号,年级,班级\n'
  const broken = join(dir, 'roster.csv')
  writeFileSync(broken, header + '测试甲,男,2013-03-08,E2E0001,七年级,1班\n测试乙,男女,2013-04-09,E2E0002,七年级,1班\n')
  await page.getByText('明湖第一初级中学').first().waitFor()
  await page.getByTestId('import-file').setInputFiles(broken)
  await page.getByTestId('check').click()
  await page.getByTestId('problems').waitFor()
  const problems = await page.getByTestId('problems').textContent()
  expect(problems.includes('只能填“男”或“女”') && problems.includes('3'), `the problem in plain Chinese, with its row: ${problems}`)
  expect((await page.getByTestId('import-summary').textContent()).includes('有问题 1'), 'the summary counts it')
  await page.screenshot({ path: join(shots, 'import-problems-desktop.png') })
  await expectContrast(page, 'the import page')

  const fixed = join(dir, 'roster-fixed.csv')
  writeFileSync(fixed, header + '测试甲,男,2013-03-08,E2E0001,七年级,1班\n测试乙,女,2013-04-09,E2E0002,七年级,1班\n')
  await page.getByTestId('import-file').setInputFiles(fixed)
  await page.getByTestId('check').click()
  await page.getByText('没有发现问题，可以导入。').waitFor()
  await page.getByTestId('import').click()
  await page.getByText('已导入').waitFor()
  expect((await page.getByTestId('import-summary').textContent()).includes('新增 2'), 'both students are added')
  const psych = await apiSession('psychology_teacher')
  const found = await apiGet(psych, `/api/v1/org-units/${accounts.class_teacher[3]}/students?page_size=500`)
  expect(found.items.some((s) => s.student_number === 'E2E0002' && s.gender === 'female'), 'the fixed row is in the roster')
})

await test('an administrator gives a role and reissues an activation code, which activates the account', desktop,
  async (page) => {
    await signIn(page, 'admin')
    await page.getByTestId('menu').getByText('账号与权限').click()
    await page.getByTestId('user-table').getByText('demo.psych').waitFor()
    // The psychology teacher also becomes the class teacher of 1班.
    await page.getByTestId('grant-demo.psych').click()
    await choose(page, 'grant-role', '班主任')
    await page.getByTestId('grant-unit').click()
    await page.getByTestId('grant-unit').fill('1班')
    await page.locator('.el-select-dropdown__item:visible', { hasText: '明湖第一小学' }).first().click()
    await page.getByTestId('grant-confirm').click()
    await page.getByTestId('user-table').getByText('班主任 · 1班').first().waitFor()
    await page.locator('.el-overlay-dialog').first().waitFor({ state: 'hidden' })
    await page.screenshot({ path: join(shots, 'users-desktop.png') })
    await expectContrast(page, 'the users page')

    await page.getByTestId('activation-demo.gradelead').click()
    const code = (await page.getByTestId('activation-code').textContent()).trim()
    expect(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code), `a readable code: ${code}`)

    const other = await browser.newContext({ viewport: desktop, locale: 'zh-CN' })
    const lead = await other.newPage()
    await lead.goto(`${base}/sign-in`)
    await lead.getByTestId('activate-link').click()
    await lead.getByLabel('工号（登录名）').fill('demo.gradelead')
    await lead.getByLabel('激活码').fill(code.toLowerCase())
    await lead.getByLabel('新密码', { exact: true }).fill('a long new password')
    await lead.getByLabel('再输一次新密码').fill('a long new password')
    await lead.screenshot({ path: join(shots, 'activate-desktop.png') })
    await lead.getByRole('button', { name: '激活并登录' }).click()
    await lead.getByTestId('who').waitFor()
    await other.close()

    // The psychology teacher now switches between the school and the class.
    const psych = await browser.newContext({ viewport: desktop, locale: 'zh-CN' })
    const p = await psych.newPage()
    await signIn(p, 'psychology_teacher')
    await choose(p, 'scope', '班主任')
    await p.getByTestId('menu').getByText('本班登录码').waitFor()
    await p.getByTestId('menu').getByText('学生名册').click()
    await p.getByTestId('student-table').locator('.el-table__body tr').first().waitFor()
    expect(p.url().includes('/units/11/students'), `the class's list in the class scope: ${p.url()}`)
    await psych.close()
  })

await test('an auditor reads the audit trail in words, narrows it to a person and a student, and exports it', desktop,
  async (page) => {
    // A psychology teacher opens a student's record: the entry the auditor will look for.
    const psych = await apiSession('psychology_teacher')
    const [student] = (await apiGet(psych, `/api/v1/org-units/${accounts.class_teacher[3]}/students?page_size=1`)).items
    await apiGet(psych, `/api/v1/students/${student.id}/archive`)

    await signIn(page, 'auditor')
    const menu = await page.getByTestId('menu').textContent()
    expect(menu.includes('审计日志') && !menu.includes('学生名册'), `an auditor sees the audit trail only: ${menu}`)
    await page.getByTestId('menu').getByText('审计日志').click()
    await page.getByTestId('audit-table').locator('.el-table__body tr').first().waitFor()
    const what = await page.getByTestId('audit-what').allTextContents()
    expect(what.length > 0 && what.every((w) => !/[a-z]{3,}/.test(w)), `actions in words, not codes: ${what.slice(0, 5)}`)
    const who = await page.getByTestId('audit-who').allTextContents()
    expect(who.every((w) => !/^\s*\d+\s*$/.test(w)), `people by name, not number: ${who.slice(0, 5)}`)

    await choose(page, 'audit-action', '查看学生心理档案')
    await page.getByTestId('audit-apply').click()
    await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
    const reads = await page.getByTestId('audit-what').allTextContents()
    expect(reads.length > 0 && reads.every((w) => w === '查看学生心理档案'), `only record reads: ${reads.slice(0, 3)}`)
    const targets = await page.getByTestId('audit-target').allTextContents()
    expect(targets.every((x) => x.startsWith('学生') && x.includes('*') && x.includes('年级') && !x.includes(student.name)),
      `students masked, with their class: ${targets.slice(0, 3)}`)

    // Narrowed to the student, then to the person who read the record.
    await page.getByTestId('audit-target').getByRole('button').first().click()
    await page.getByTestId('audit-student').waitFor()
    await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
    const about = new Set(await page.getByTestId('audit-target').allTextContents())
    expect(about.size === 1, `every entry is about that student: ${[...about]}`)
    await page.locator('button[data-testid="audit-who"]').first().click()
    await page.getByTestId('audit-person').waitFor()
    await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
    const by = new Set(await page.getByTestId('audit-who').allTextContents())
    expect(by.size === 1, `every entry is by that person: ${[...by]}`)
    await page.screenshot({ path: join(shots, 'audit-desktop.png') })
    await expectContrast(page, 'the audit trail')

    const href = await page.getByTestId('audit-export').getAttribute('href')
    expect(href.includes('action=student.archive.read') && href.includes(`student=${student.id}`) && href.includes('actor='),
      `the export keeps the filters: ${href}`)
    const csv = await page.evaluate(async (u) => (await fetch(u)).text(), href)
    const lines = csv.trim().split('\n')
    expect(lines[0].replace(/^\ufeff/, '').startsWith('序号,时间,操作人,角色,操作'), `the export's header is in words: ${lines[0]}`)
    expect(lines.length > 1 && lines.slice(1).every((l) => l.includes(',心理教师,查看学生心理档案,学生,')),
      `the export has the page's words: ${lines[1]}`)
    expect(!csv.includes(student.name), "the export never holds the student's whole name")

    await page.getByRole('button', { name: 'English' }).click()
    await page.getByTestId('audit-what').first().waitFor()
    const english = await page.getByTestId('audit-what').allTextContents()
    expect(english.every((w) => w === "Opened a student's record"), `the same entries in English: ${english.slice(0, 3)}`)
    expect((await page.getByTestId('audit-chosen').textContent()).includes('Student:'), 'the chosen filters in English')
    await page.getByRole('button', { name: '中文' }).click()
  })

await test('a guardian signs in on a phone and sees their child; a new guardian registers with an invitation', phone,
  async (page) => {
    await page.goto(`${base}/student/`)
    await page.getByTestId('tab-guardian').click()
    const [login, password] = accounts.guardian
    await page.getByLabel('登录名').fill(login)
    await page.getByLabel('密码').fill(password)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByTestId('children').locator('li').first().waitFor()
    await page.screenshot({ path: join(shots, 'guardian-home-phone.png') })
    await expectContrast(page, 'the guardian page')
    await page.getByRole('button', { name: '退出登录' }).click()

    const teacher = await apiSession('class_teacher')
    const list = await apiGet(teacher, `/api/v1/org-units/${accounts.class_teacher[3]}/students`)
    const r = await fetch(`${base}/api/v1/students/${list.items[0].id}/guardian-invitations`, {
      method: 'POST', headers: { Cookie: teacher.cookie, 'X-CSRF-Token': teacher.csrf },
    })
    expect(r.status === 201, `an invitation is issued (${r.status})`)
    const { code } = await r.json()
    await page.getByTestId('tab-guardian').click()
    await page.getByTestId('first-time').click()
    await page.getByLabel('邀请码').fill(code)
    await page.getByLabel('设置登录名').fill('e2e.parent')
    await page.getByLabel('设置密码').fill('a parent password')
    await page.getByLabel('你的称呼').fill('一航妈妈')
    await page.screenshot({ path: join(shots, 'guardian-register-phone.png') })
    await page.getByRole('button', { name: '注册并登录' }).click()
    await page.getByTestId('children').getByText(list.items[0].name).waitFor()
  })

await test('an ended session sends the teacher to sign in and back to the same page', desktop, async (page) => {
  await signIn(page, 'class_teacher')
  await page.getByTestId('menu').getByText('组织架构').click()
  await page.getByTestId('unit-name').waitFor()
  const here = new URL(page.url()).pathname
  await page.context().clearCookies()
  await page.getByTestId('menu').getByText('学生名册').click()
  await page.getByTestId('expired').waitFor()
  expect(page.url().includes('next='), 'remembers where the teacher was')
  await page.getByLabel('登录名').fill(accounts.class_teacher[0])
  await page.getByLabel('密码').fill(accounts.class_teacher[1])
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByTestId('student-table').waitFor()
  expect(page.url().includes('/students'), `back on the page: ${page.url()} (was on ${here})`)
})

// ---- screening: a campaign from the bureau to a student's phone and back to the teachers ------
let campaignId = 0
await test('a bureau user launches a screening for the county in the browser', desktop, async (page) => {
  await signIn(page, 'bureau_staff')
  await page.getByTestId('menu').getByText('心理测评').click()
  await page.getByTestId('new-campaign').click()
  await page.getByTestId('campaign-name').fill('2026年秋季学期心理健康测评')
  const instruments = await page.getByTestId('campaign-instruments').textContent()
  expect(instruments.includes('中文版待核验'), 'instruments without a verified Chinese text are marked')
  expect(instruments.includes('适用 12 岁及以上'), 'each questionnaire says the ages it is meant for')
  // PHQ-9 and GAD-7 are for 12 and up: 七年级 to 高三 are chosen; adding 四年级 is refused in words.
  await page.getByTestId('campaign-grades').getByText('四年级').click()
  const warning = await page.getByTestId('age-mismatch').textContent()
  expect(warning.includes('PHQ-9') && warning.includes('四年级学生约 9 岁'), `the age problem is explained: ${warning}`)
  await page.getByTestId('campaign-grades').getByText('四年级').click()
  await page.getByTestId('age-mismatch').waitFor({ state: 'detached' })
  await page.screenshot({ path: join(shots, 'campaign-new-desktop.png') })
  await page.getByTestId('campaign-create').click()
  await page.waitForURL(/\/campaigns\/\d+/)
  campaignId = Number(page.url().match(/campaigns\/(\d+)/)[1])
  await page.getByTestId('invited').waitFor()
  const invited = Number(await page.getByTestId('invited').textContent())
  expect(invited > 100, `every student of 七年级 to 高三 in the county is invited (${invited})`)
  expect((await page.getByTestId('campaign-phase').textContent()).includes('进行中'), 'the campaign is open')
  await page.getByTestId('progress-children').getByTestId('child-link').first().waitFor()
  // The demo screening, under way for ten days: the county's figures, by school.
  await page.getByTestId('menu').getByText('心理测评').click()
  await page.getByTestId('campaign-link').filter({ hasText: '（演示）' }).click()
  await page.getByTestId('levels').waitFor()
  expect(Number(await page.getByTestId('completed').textContent()) > 0, 'the demo screening has answers')
  const levels = await page.getByTestId('levels').textContent()
  expect(/\d/.test(levels), `level counts are shown to the bureau (${levels})`)
  await page.screenshot({ path: join(shots, 'campaign-county-desktop.png') })
  await expectContrast(page, 'the county progress')
})

await test('a student answers on a phone: autosave, a dropped network, resume, the caring page, one submission',
  phone, async (page) => {
    expect(campaignId > 0, 'the campaign exists')
    // An earlier test printed new codes for the class: ask the class teacher for a fresh one.
    const teacher = await apiSession('class_teacher')
    const r = await fetch(`${base}/api/v1/org-units/${accounts.class_teacher[3]}/sign-in-codes`, {
      method: 'POST', headers: { Cookie: teacher.cookie, 'X-CSRF-Token': teacher.csrf },
    })
    expect(r.status === 200, `codes are issued (${r.status})`)
    const number = accounts.student[0]
    const { code } = (await r.json()).codes.find((c) => c.student_number === number)
    await page.goto(`${base}/student/`)
    await page.getByLabel('学籍号').fill(number)
    await page.getByLabel('登录码').fill(code)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByTestId('assignments').locator('li').first().waitFor()
    await page.screenshot({ path: join(shots, 'student-assignments-phone.png') })
    // The demo screening waits too; this test answers the one the bureau just launched.
    await page.getByTestId('assignments').locator('li', { hasText: '2026年秋季学期心理健康测评' })
      .getByRole('button', { name: '开始' }).click()
    const answer = async (instrument, n, option) => {
      const item = page.getByTestId(`item-${instrument}-${n}`)
      await item.waitFor()
      await item.getByRole('radio').nth(option).click()
    }
    await page.getByTestId('item-phq9-1').waitFor()
    const seen = await page.locator('body').innerText()
    expect(!/PHQ|GAD/.test(seen), `a student sees the screening's own title, not the instruments' names: ${seen.slice(0, 200)}`)
    for (let n = 1; n <= 4; n++) {
      await answer('phq9', n, 0)
      await page.getByTestId('next').click()
    }
    await page.getByTestId('save-state').filter({ hasText: '已自动保存' }).waitFor()
    // The network drops: answers stay on the page and go up when it is back.
    await page.context().setOffline(true)
    await answer('phq9', 5, 1)
    await page.getByTestId('save-state').filter({ hasText: '网络断了' }).waitFor()
    await page.context().setOffline(false)
    await page.getByTestId('save-state').filter({ hasText: '已自动保存' }).waitFor({ timeout: 15000 })
    await page.getByTestId('next').click()
    // Reloading (or another device) resumes at the first question not answered.
    await page.reload()
    await page.getByTestId('item-phq9-6').waitFor()
    for (let n = 6; n <= 8; n++) {
      await answer('phq9', n, 0)
      await page.getByTestId('next').click()
    }
    // Item 9 answered "several days": the caring page at once, with help and no label.
    await answer('phq9', 9, 1)
    await page.getByTestId('care').waitFor()
    const care = await page.getByTestId('care').textContent()
    expect(care.includes('12356') && care.includes('12355') && care.includes('心理老师'), 'the caring page shows where help is')
    await page.screenshot({ path: join(shots, 'student-care-phone.png') })
    await page.getByTestId('care-continue').click()
    await page.getByTestId('next').click()
    await answer('phq9', 10, 0)
    await page.getByTestId('next').click()
    for (let n = 1; n <= 8; n++) {
      await answer('gad7', n, 0)
      await page.getByTestId('next').click()
    }
    await page.getByTestId('review').waitFor()
    await page.screenshot({ path: join(shots, 'student-review-phone.png') })
    await page.getByTestId('submit').click()
    await page.getByTestId('thanks').waitFor()
    const text = await page.locator('main').textContent()
    for (const word of ['总分', '级', '重度', '中度', '风险']) expect(!text.includes(word), `no "${word}" shown to a student`)
    expect(text.includes('12356'), 'the caring page comes with the thanks after a critical answer')
    await page.screenshot({ path: join(shots, 'student-done-phone.png') })
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width <= 360, `no sideways scrolling at 360 px (page is ${width} px wide)`)
    await page.getByTestId('back').click()
    await page.getByTestId('assignments').getByText('已完成').waitFor()
  })

await test('the class teacher sees the level in the class list; the psychology teacher reads answers and the archive',
  desktop, async (page) => {
    expect(campaignId > 0, 'the campaign exists')
    const klass = accounts.class_teacher[3]
    await signIn(page, 'class_teacher', `/campaigns/${campaignId}?unit=${klass}`)
    await page.getByTestId('class-list').waitFor()
    const list = await page.getByTestId('class-list').textContent()
    expect(list.includes('II级 橙色'), 'the class teacher sees the level of their student')
    // The plans' colours: I red, II orange, III yellow, IV blue, from one place.
    const colours = await page.evaluate(() => ['I', 'II', 'III', 'IV'].map((l) => {
      const probe = document.createElement('span')
      probe.className = `level-${l}`
      document.body.append(probe)
      const c = getComputedStyle(probe).backgroundColor
      probe.remove()
      return c
    }))
    expect(JSON.stringify(colours) === JSON.stringify(['rgb(180, 35, 24)', 'rgb(194, 65, 12)', 'rgb(250, 204, 21)', 'rgb(29, 78, 216)']),
      `the levels' colours: ${colours}`)
    const tag = await page.getByTestId('class-list').locator('[data-level="II"]').first()
      .evaluate((e) => getComputedStyle(e).backgroundColor)
    expect(tag === 'rgb(194, 65, 12)', `a level II tag is orange: ${tag}`)
    expect(list.includes('已完成') && list.includes('未开始'), 'and who has not finished')
    expect(await page.getByTestId('result-link').count() === 0, 'but no link to the answers')
    await page.screenshot({ path: join(shots, 'campaign-class-desktop.png') })
    await page.getByRole('button', { name: '退出登录' }).click()

    await signIn(page, 'psychology_teacher', `/campaigns/${campaignId}?unit=${klass}`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('campaign-export').click()])
    const bytes = readFileSync(await download.path())
    expect(bytes.subarray(0, 2).toString() === 'PK' && download.suggestedFilename().endsWith('.xlsx'),
      `the export is a workbook (${download.suggestedFilename()})`)
    await page.getByTestId('result-link').first().click()
    await page.getByTestId('result-level').waitFor()
    expect((await page.getByTestId('result-level').textContent()).includes('II级'), 'the level, with reasons')
    const phq = await page.getByTestId('response-phq9').textContent()
    expect(phq.includes('总分') && phq.includes('好几天'), 'answers with their wording and the total')
    const band = await page.getByTestId('response-phq9').getByTestId('band').textContent()
    expect(['无或极轻', '轻度', '中度', '中重度', '重度'].includes(band.trim()), `the band in Chinese, not its code: ${band}`)
    await page.screenshot({ path: join(shots, 'assignment-result-desktop.png') })
    await page.getByRole('link', { name: '心理档案' }).click()
    await page.getByTestId('archive-chart').locator('canvas').waitFor()
    expect((await page.getByTestId('alerts').textContent()).includes('心理教师'), 'the alert and its owners are in the archive')
    await page.screenshot({ path: join(shots, 'student-archive-desktop.png') })
    await expectContrast(page, 'the archive')
  })

await test('a parent agrees on a phone to a screening that needs consent, and the student may then start', phone,
  async (page) => {
    const psych = await apiSession('psychology_teacher')
    const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
    const later = new Date(Date.now() + 8 * 3600 * 1000 + 7 * 86400 * 1000).toISOString().slice(0, 10)
    const r = await fetch(`${base}/api/v1/campaigns`, {
      method: 'POST', headers: { Cookie: psych.cookie, 'X-CSRF-Token': psych.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ org_unit_id: Number(accounts.psychology_teacher[3]), name: '七年级焦虑筛查', grades: [7],
        instruments: ['gad7'], opens_on: today, closes_on: later, consent_required: true }),
    })
    expect(r.status === 201, `the campaign is created (${r.status})`)
    await page.goto(`${base}/student/`)
    await page.getByTestId('tab-guardian').click()
    const [login, password] = accounts.guardian
    await page.getByLabel('登录名').fill(login)
    await page.getByLabel('密码').fill(password)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByTestId('consents').waitFor()
    expect((await page.getByTestId('consents').textContent()).includes('七年级焦虑筛查'), 'the parent sees what is asked')
    await page.screenshot({ path: join(shots, 'guardian-consent-phone.png') })
    await page.getByTestId('consents').getByRole('button', { name: '同意', exact: true }).click()
    await page.getByTestId('consents').getByText('您已同意').waitFor()
    await expectContrast(page, 'the consent page')
    // The student's questionnaire opens now.
    const teacher = await apiSession('class_teacher')
    const codes = await fetch(`${base}/api/v1/org-units/${accounts.class_teacher[3]}/sign-in-codes`, {
      method: 'POST', headers: { Cookie: teacher.cookie, 'X-CSRF-Token': teacher.csrf },
    }).then((x) => x.json())
    const mine = codes.codes.find((c) => c.student_number === accounts.student[0])
    const student = await fetch(`${base}/api/v1/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ student_number: mine.student_number, code: mine.code }),
    })
    const list = await apiGet({ cookie: student.headers.get('set-cookie').split(';')[0] }, '/api/v1/me/assignments')
    const asked = list.items.find((a) => a.campaign_name === '七年级焦虑筛查')
    expect(asked && asked.available && asked.consent === 'given', `the student may start: ${JSON.stringify(asked)}`)
  })

// ---- early warning: alerts from the demo screening, climbing the network when nobody acts ----

await test('alerts nobody took up reach the county centre, which takes one up in the browser', desktop,
  async (page) => {
    // The demo's screening results are days old and nobody at the schools has acted on them: at
    // start the server passed the level II alerts (school: one school day) up to the county.
    const bureau = await apiSession('bureau_staff')
    let inbox = null
    for (let i = 0; i < 60; i++) {
      inbox = await apiGet(bureau, '/api/v1/alerts?level=II&limit=200')
      if (inbox.items.some((a) => a.tier === 'county' && a.escalations > 0)) break
      await new Promise((r) => setTimeout(r, 500))
    }
    const climbed = inbox.items.find((a) => a.tier === 'county' && a.escalations > 0)
    expect(climbed, 'a level II alert the school did not take up is in the county centre\'s inbox')
    const all = await apiGet(bureau, '/api/v1/alerts?limit=1')
    expect(all.by_level.II > 0 && all.unread > 0, `the county centre has unread alerts (${JSON.stringify(all.by_level)})`)

    await signIn(page, 'bureau_staff')
    await page.getByTestId('alert-unread').waitFor()
    expect(Number(await page.getByTestId('alert-unread').textContent()) > 0, 'the menu shows unread alerts')
    await page.getByRole('link', { name: /预警/ }).first().click()
    await page.getByTestId('alert-table').locator('tbody tr').first().waitFor()
    const counts = await page.getByTestId('alert-counts').textContent()
    expect(/红色 \d+ · 橙色 \d+/.test(counts), `counts by level (${counts})`)
    // Most urgent first: the highest level there is leads the list.
    const first = await page.getByTestId('alert-table').locator('tbody tr').first().textContent()
    const top = all.by_level.I > 0 ? 'I级 红色' : 'II级 橙色'
    expect(first.includes(top), `${top} leads the list (${first.slice(0, 60)})`)
    await page.screenshot({ path: join(shots, 'alert-inbox-desktop.png') })
    const unreadBefore = Number(await page.getByTestId('alert-unread').textContent())

    await page.goto(`${base}/alerts/${climbed.id}`)
    await page.getByTestId('alert-timeline').waitFor()
    // Opening the (unread) alert takes one off the menu's count.
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=alert-unread]')?.textContent ?? 0) === n - 1,
      unreadBefore)
    const timeline = await page.getByTestId('alert-timeline').textContent()
    expect(timeline.includes('产生预警') && timeline.includes('上报到区县心理中心') && timeline.includes('系统'),
      `the timeline shows the climb, by the system (${timeline})`)
    await page.getByTestId('alert-acknowledge').click()
    await page.getByTestId('alert-state-text').filter({ hasText: '已接手' }).waitFor()
    expect((await page.getByTestId('alert-timeline').textContent()).includes('确认接手'), 'taking it up is on the timeline')
    await page.screenshot({ path: join(shots, 'alert-detail-desktop.png') })
    await expectContrast(page, 'the alert page')
    const after = await apiGet(bureau, `/api/v1/alerts/${climbed.id}`)
    expect(after.state === 'acknowledged' && after.escalates_at === null, 'taken up, it no longer climbs')
  })

await test('a psychology teacher finds a student in the alert inbox by name', desktop, async (page) => {
  const psych = await apiSession('psychology_teacher')
  const inbox = await apiGet(psych, '/api/v1/alerts?limit=200')
  expect(inbox.total > 1, 'the school has alerts')
  const name = inbox.items[inbox.items.length - 1].student.name
  await signIn(page, 'psychology_teacher', '/alerts')
  const rows = page.getByTestId('alert-table').locator('.el-table__body tr')
  await rows.first().waitFor()
  const answered = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === name)
  await page.getByTestId('search').fill(name)
  await answered
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
  const shown = await rows.allTextContents()
  expect(shown.length > 0 && shown.every((r) => r.includes(name)), `only ${name}'s alerts (${shown.length} rows)`)
  expect(!page.url().includes(encodeURIComponent(name)), 'the name stays out of the page address')
  expect(shown.every((r) => /[一二三四五六七八九十]年级\d+班/.test(r)), `each class is named with its grade: ${shown[0]}`)
})

await test('a psychology teacher follows up an alert and closes it with an outcome', desktop, async (page) => {
  const psych = await apiSession('psychology_teacher')
  const inbox = await apiGet(psych, '/api/v1/alerts?level=III&limit=1')
  expect(inbox.items.length === 1, 'the school has a level III alert')
  const id = inbox.items[0].id
  await signIn(page, 'psychology_teacher', `/alerts/${id}`)
  await page.getByTestId('alert-assign-me').click()
  await page.getByTestId('alert-timeline').getByText('指定跟进人').waitFor()
  // Handed on to a colleague along the student's path: the school leader.
  await choose(page, 'alert-assignee', '校领导')
  await page.getByTestId('alert-assign').click()
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=alert-timeline] li').length >= 3)
  const assigned = await apiGet(psych, `/api/v1/alerts/${id}`)
  const people = await apiGet(psych, `/api/v1/alerts/${id}/assignees`)
  const lead = people.items.find((h) => h.role === 'school_leader')
  expect(lead && assigned.assignee_id === lead.account_id, `assigned to the school leader (${assigned.assignee_name})`)
  await choose(page, 'alert-outcome', '已谈话，无需进一步处理')
  await page.getByTestId('alert-close').click()
  await page.getByTestId('alert-state-text').filter({ hasText: '已关闭' }).waitFor()
  expect((await page.getByTestId('alert-timeline').textContent()).includes('关闭'), 'closing is on the timeline')
  // A second person with the old version on screen is told, not overwritten.
  const stale = await fetch(`${base}/api/v1/alerts/${id}/escalate`, {
    method: 'POST', headers: { Cookie: psych.cookie, 'X-CSRF-Token': psych.csrf, 'Content-Type': 'application/json' },
    body: JSON.stringify({ version: inbox.items[0].version }),
  })
  expect(stale.status === 409, `an old version is refused (${stale.status})`)
  const closed = await apiGet(psych, '/api/v1/alerts?state=closed&limit=200')
  expect(closed.items.some((a) => a.id === id && a.outcome === 'resolved'), 'the closed alert keeps its outcome')
})

// The alert of a student in someone's inbox, page by page.
async function alertOf(s, studentId, filter = '') {
  for (let offset = 0; ; offset += 200) {
    const inbox = await apiGet(s, `/api/v1/alerts?limit=200&offset=${offset}${filter}`)
    const found = inbox.items.find((a) => a.student_id === studentId)
    if (found) return apiGet(s, `/api/v1/alerts/${found.id}`)
    if (offset + 200 >= inbox.total) return null
  }
}

await test('a peer observer reports a classmate on a phone and reads nothing back; the teachers see the report', phone,
  async (page) => {
    await signIn(page, 'peer_observer')
    await page.getByTestId('menu').getByRole('link', { name: '报告关注' }).click()
    await page.waitForURL(/\/observe$/)
    await page.getByTestId('observe-student').click()
    const option = page.locator('.el-select-dropdown__item:visible').nth(1)
    const name = (await option.textContent()).trim()
    await option.click()
    await page.getByTestId('observe-chosen').getByText(name).waitFor()
    await page.getByTestId('concern-withdrawal').click()
    await page.getByTestId('concern-self_harm_talk').click()
    await page.getByTestId('observe-note').fill('他这几天总说活着没意思')
    await page.screenshot({ path: join(shots, 'observe-phone.png'), fullPage: true })
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width <= 360, `no sideways scrolling at 360 px (page is ${width} px wide)`)
    await expectContrast(page, 'the report form')
    await page.getByTestId('observe-submit').click()
    await page.getByTestId('observe-sent').waitFor()
    const after = await page.locator('main').textContent()
    expect(!/级|等级|预警|橙色|红色/.test(after), `nothing about levels or alerts is shown to the peer (${after})`)
    await page.getByTestId('observe-another').click()
    await page.getByTestId('observe-submit').waitFor()

    // The student's alert, as the school reads it: the report is on it, at level II or above.
    const peer = await apiSession('peer_observer')
    const classmate = (await apiGet(peer, '/api/v1/signals/students')).items.find((c) => c.name === name)
    expect(classmate, 'the classmate is in the picker')
    const psych = await apiSession('psychology_teacher')
    const alert = await alertOf(psych, classmate.id)
    expect(alert && (alert.level === 'I' || alert.level === 'II'), `the report raised or joined an alert at II or above (${alert?.level})`)
    const report = alert.signals.find((g) => g.source === 'peer')
    expect(report && report.concerns.includes('self_harm_talk') && report.has_note, 'the report is on the alert, with a note')
    expect(report.note === '他这几天总说活着没意思', `the psychology teacher reads the reporter's words (${report.note})`)
    const asTeacher = await apiGet(await apiSession('class_teacher'), `/api/v1/alerts/${alert.id}`)
    expect(!JSON.stringify(asTeacher).includes('活着'), 'the class teacher does not read the note')
    const reported = await apiGet(psych, '/api/v1/alerts?source=people&limit=200')
    expect(reported.items.some((a) => a.id === alert.id) && reported.items.every((a) => a.reported),
      'the people filter has the report and only reports')

    const teacher = await browser.newContext({ viewport: desktop, locale: 'zh-CN' })
    const desk = await teacher.newPage()
    await signIn(desk, 'class_teacher', `/alerts/${alert.id}`)
    await desk.getByTestId('alert-signals').waitFor()
    const listed = await desk.getByTestId('alert-signals').textContent()
    expect(listed.includes('心理委员观察') && listed.includes('说过或有伤害自己') && listed.includes('附有说明'),
      `the class teacher sees who reported what (${listed})`)
    const timeline = await desk.getByTestId('alert-timeline').textContent()
    expect(timeline.includes(alert.source === 'peer' ? '产生预警（心理委员观察）' : '新的情况（心理委员观察）'),
      `the report is on the timeline (${timeline})`)
    await desk.screenshot({ path: join(shots, 'alert-with-report-desktop.png') })
    await teacher.close()

    // The psychology teacher reads the words on the alert's page.
    const office = await browser.newContext({ viewport: desktop, locale: 'zh-CN' })
    const room = await office.newPage()
    await signIn(room, 'psychology_teacher', `/alerts/${alert.id}`)
    await room.getByTestId('alert-signal-note').first().waitFor()
    expect((await room.getByTestId('alert-signal-note').first().textContent()).includes('活着没意思'), 'the note is on the page')
    await office.close()
  })

await test('a class teacher on a phone sees their class at every level and records what the plan asks of them', { width: 390, height: 844 },
  async (page) => {
    const teacher = await apiSession('class_teacher')
    let two = await apiGet(teacher, '/api/v1/alerts?level=II&limit=200')
    if (two.total === 0) {
      // None from the demo's screening today: the class teacher hears a student talk of self-harm.
      const klass = (await apiGet(teacher, '/api/v1/signals/students')).items[0]
      const filed = await fetch(`${base}/api/v1/signals`, {
        method: 'POST', headers: { Cookie: teacher.cookie, 'X-CSRF-Token': teacher.csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify({ student_id: klass.id, concerns: ['self_harm_talk'] }),
      })
      expect(filed.status === 202, `the class teacher files a report (${filed.status})`)
      two = await apiGet(teacher, '/api/v1/alerts?level=II&limit=200')
    }
    expect(two.total > 0, `the class teacher's inbox has their class's level II alerts (${two.total})`)
    const target = two.items.find((a) => a.state === 'open') ?? two.items[0]
    expect(two.items.every((a) => a.reasons.every((r) => !/第\d+题|（\d+分）/.test(r.zh))),
      'no item answer or score in the reasons a class teacher reads')
    await signIn(page, 'class_teacher', '/alerts')
    await page.getByTestId('alert-table').getByRole('link').first().waitFor()
    await page.screenshot({ path: join(shots, 'alerts-class-teacher-phone.png'), fullPage: true })
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width <= 390, `no sideways scrolling at 390 px (page is ${width} px wide)`)
    await expectContrast(page, 'the class teacher\'s inbox on a phone')

    await page.goto(`${base}/alerts/${target.id}`)
    await page.getByTestId('alert-tasks').waitFor()
    const tasks = await page.getByTestId('alert-tasks').textContent()
    expect(tasks.includes('与学生谈话') && tasks.includes('联系家长') && tasks.includes('在校看护'),
      `the plan's tasks at level II (${tasks})`)
    expect(!(await page.getByTestId('alert-acknowledge').isVisible()) && !(await page.getByTestId('alert-close').isVisible()),
      'the psychology teacher and school leaders take up and close a level II alert, not the class teacher')
    expect(!(await page.locator('main').textContent()).includes('处理结果'), 'no outcome line on an open alert')
    const reasons = await page.getByTestId('alert-reasons').textContent()
    expect(!/第\d+题|分）/.test(reasons), `no item answers on the class teacher's page (${reasons})`)
    await page.getByTestId('alert-task-note').fill('已电话联系家长，今晚多陪伴')
    await page.getByTestId('alert-task-done-home_contact').click()
    await page.getByTestId('alert-task-home_contact').filter({ hasText: '已完成' }).waitFor()
    expect((await page.getByTestId('alert-timeline').textContent()).includes('班主任跟进：联系家长'),
      'the home contact is on the timeline')
    await page.screenshot({ path: join(shots, 'alert-class-teacher-phone.png'), fullPage: true })
    const wide = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(wide <= 390, `the alert's page fits 390 px (${wide} px)`)
    await expectContrast(page, 'an alert on the class teacher\'s phone')
    // What they wrote is a note on the student for the psychology teacher, not on the alert.
    const psych = await apiSession('psychology_teacher')
    const seen = await apiGet(psych, `/api/v1/alerts/${target.id}`)
    const done = seen.care_tasks.find((c) => c.task === 'home_contact')
    expect(done && done.done_at && !JSON.stringify(seen).includes('今晚多陪伴'), 'done, and the words are not on the alert')
    const notes = await apiGet(psych, `/api/v1/students/${target.student_id}/notes`)
    expect(notes.items.some((n) => n.body === '已电话联系家长，今晚多陪伴' && n.author.role === 'class_teacher'),
      'the words are a student note by the class teacher')
  })

await test('a student in danger asks for help on a phone, sees who to call, and the county centre has it at once', phone,
  async (page) => {
    // A new code for the demo student (an earlier test printed the class's sheet again).
    const [number] = accounts.student
    const teacher = await apiSession('class_teacher')
    const klass = accounts.class_teacher[3]
    const roster = await apiGet(teacher, `/api/v1/org-units/${klass}/students?page_size=500`)
    const me = roster.items.find((x) => x.student_number === number)
    const issued = await fetch(`${base}/api/v1/org-units/${klass}/sign-in-codes`, {
      method: 'POST', headers: { Cookie: teacher.cookie, 'X-CSRF-Token': teacher.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ student_ids: [me.id] }),
    })
    expect(issued.status === 200, `a new code is printed (${issued.status})`)
    const code = (await issued.json()).codes[0].code
    await page.goto(`${base}/student/`)
    await page.getByLabel('学籍号').fill(number)
    await page.getByLabel('登录码').fill(code)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByTestId('ask-help').click()
    await page.getByTestId('help-mood').check()
    await page.getByTestId('help-danger').check()
    await page.getByRole('alert').filter({ hasText: '120' }).waitFor()
    await page.screenshot({ path: join(shots, 'help-phone.png'), fullPage: true })
    await expectContrast(page, 'the help form')
    await page.getByTestId('help-send').click()
    await page.getByTestId('help-sent').waitFor()
    expect((await page.getByTestId('help-sent').textContent()).includes('12356'), 'the sent page says who to call')
    const studentId = await page.evaluate(async () => (await (await fetch('/api/v1/me/students')).json()).items[0].id)

    const bureau = await apiSession('bureau_staff')
    const alert = await alertOf(bureau, studentId, '&level=I')
    expect(alert, 'a level I alert about the student is in the county centre\'s inbox')
    expect(alert.signals.some((g) => g.source === 'self' && g.danger_now), 'from the student, in danger now')
    expect(alert.state === 'open', 'open for someone to take up')

    // Their guardian tells the school about a change at home, from the same kind of page.
    await page.getByTestId('help-done').click()
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.getByTestId('tab-guardian').click()
    const [login, password] = accounts.guardian
    await page.getByLabel('登录名').fill(login)
    await page.getByLabel('密码').fill(password)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByTestId(`tell-school-${studentId}`).click()
    await page.getByTestId('help-family_change').check()
    await page.getByTestId('help-send').click()
    await page.getByTestId('help-sent').waitFor()
    const again = await apiGet(bureau, `/api/v1/alerts/${alert.id}`)
    expect(again.signals.some((g) => g.source === 'guardian' && g.concerns.includes('family_change')),
      'the guardian\'s word joined the same alert')
  })

await test('a psychology teacher opens a crisis case from an alert and runs it through the six steps to referral and closure',
  desktop, async (page) => {
    const psych = await apiSession('psychology_teacher')
    const inbox = await apiGet(psych, '/api/v1/alerts?level=II&limit=1')
    expect(inbox.items.length === 1, 'the school has a level II alert')
    const alertId = inbox.items[0].id
    await signIn(page, 'psychology_teacher', `/alerts/${alertId}`)
    await page.getByTestId('alert-open-case').click()
    await page.waitForURL(/\/cases\/\d+$/)
    const caseId = Number(page.url().split('/').pop())
    await page.getByTestId('case-steps').waitFor()
    const alertAfter = await apiGet(psych, `/api/v1/alerts/${alertId}`)
    expect(alertAfter.state === 'closed' && alertAfter.outcome === 'case_opened', 'the alert closed as "case opened"')

    // Each step: the page says what it needs, the record form starts on it, then the next step.
    const walk = [
      ['评估与建档', null, 'PHQ-9 第9题阳性，面谈确认近两周有轻生念头，无具体计划。已建档。'],
      ['结对（老师、同伴）', null, '班主任王老师结对，每天课间见一次；同桌作为同伴。'],
      ['干预方案', null, '每周两次个别辅导，持续四周；避免独处。'],
      ['干预谈话', null, '第一次谈话：愿意说出学习压力，情绪稍有缓和。'],
      ['同伴跟防情况', null, '同伴反映这周按时吃饭，课间愿意一起活动。'],
      ['家校沟通', '家访', '与母亲面谈，说明情况，建议每天陪伴晚饭并留意手机。'],
    ]
    for (const [kind, subtype, text] of walk) {
      await choose(page, 'record-kind', kind)
      if (subtype) await choose(page, 'record-subtype', subtype)
      await page.getByTestId('record-body').fill(text)
      await page.getByTestId('record-add').click()
      await page.getByTestId('case-records').getByText(text).waitFor()
      const needs = await page.getByTestId('case-needs').textContent()
      if (!needs.includes('还需要')) {
        const advance = page.getByTestId('case-advance')
        if (await advance.count()) {
          const before = await page.getByTestId('case-steps').locator('li.current').textContent()
          await advance.click()
          await page.waitForFunction((b) => document.querySelector('[data-testid=case-steps] li.current')?.textContent !== b, before)
        }
      }
    }
    // A case conference: who came, what they found, what they decided.
    await page.getByTestId('conference-participants').fill('陈老师（心理）、王老师（班主任）、李校长')
    await page.getByTestId('conference-findings').fill('近两周睡眠差，两次提到不想活，家长担心。')
    await page.getByTestId('conference-decisions').fill('经家长同意转介医院评估；班主任每日关注。')
    await page.getByTestId('conference-save').click()
    await page.getByTestId('case-conferences').getByText('王老师（班主任）', { exact: false }).waitFor()
    expect((await page.getByTestId('case-steps').locator('li.current').textContent()).includes('及时转介'), 'on the referral step')
    expect((await page.getByTestId('case-steps').locator('li.done').count()) === 5, 'five steps done')
    await page.screenshot({ path: join(shots, 'case-desktop.png'), fullPage: true })
    await expectContrast(page, 'the case page')

    // Referral through the green channel to the demo hospital (the city's), with the school's reason.
    await choose(page, 'refer-hospital', '青溪市精神卫生中心')
    await page.getByTestId('refer-reason').fill('经家长同意：两周内两次自伤，情绪低落明显，经绿色通道转介。')
    await page.getByTestId('refer-send').click()
    await page.getByTestId('referral-sent').waitFor()
    // The case team reads the referral's words, so it is not told they are for the team only.
    expect(await page.getByText('转介的具体内容只有个案小组和接收医院可以查看').count() === 0, 'the case team is not told the referral is hidden from it')
    expect((await page.getByTestId('case-needs').textContent()).includes('最后一步'), 'the referral is the step\'s record')

    // The hospital, in its own browser, sees only this student, accepts, reports the visit and
    // assesses the return to school.
    const hospitalContext = await browser.newContext({ viewport: desktop, locale: 'zh-CN' })
    const hp = await hospitalContext.newPage()
    await signIn(hp, 'hospital_partner', '/referrals')
    const hospitalList = await apiGet(await apiSession('hospital_partner'), '/api/v1/referrals')
    const mine = hospitalList.items.find((x) => x.case_id === caseId)
    expect(mine && hospitalList.items.every((x) => x.state !== 'declined'), 'the hospital lists the referral')
    await hp.getByTestId('referral-table').getByRole('link', { name: mine.student.name }).first().click()
    await hp.getByTestId('referral-reason').filter({ hasText: '两次自伤' }).waitFor()
    await hp.getByTestId('referral-accept').click()
    await hp.getByTestId('referral-state').filter({ hasText: '医院已接收' }).waitFor()
    await hp.getByTestId('outcome-admitted').click()
    await choose(hp, 'outcome-diagnosis', '抑郁障碍')
    await hp.getByTestId('outcome-recommendations').fill('住院两周，出院后规律服药，每两周复诊；学校适当减少考试压力。')
    await hp.getByTestId('outcome-save').click()
    await hp.getByTestId('referral-state').filter({ hasText: '已就诊' }).waitFor()
    await hp.getByTestId('return-verdict').getByText('可以复学，需要支持').click()
    await hp.getByTestId('return-assessment').fill('情绪稳定，睡眠恢复，可在学校支持下复学。')
    await hp.getByTestId('return-assessment-save').click()
    await hp.getByTestId('referral-state').filter({ hasText: '已评估复学' }).waitFor()
    await hp.screenshot({ path: join(shots, 'referral-hospital.png'), fullPage: true })
    await hospitalContext.close()

    // The school sees the hospital's feedback and records the return plan.
    await page.reload()
    await page.getByTestId('referral-verdict').filter({ hasText: '可以复学，需要支持' }).waitFor()
    expect((await page.getByTestId('referral-outcome').textContent()).includes('抑郁障碍'), 'the case team reads the diagnosis category')
    const back = new Date(Date.now() + 7 * 86400000)
    const backDay = `${back.getFullYear()}-${String(back.getMonth() + 1).padStart(2, '0')}-${String(back.getDate()).padStart(2, '0')}`
    await page.getByPlaceholder('返校日期').fill(backDay)
    await page.keyboard.press('Enter')
    await page.getByTestId('return-plan').fill('先半天到校两周，班主任每天关注，心理老师每周面谈一次。')
    await page.getByTestId('return-plan-save').click()
    await page.getByTestId('referral-returned').waitFor()
    expect((await page.getByTestId('referral-plan').textContent()).includes(backDay), 'the return day is kept')

    // Follow-ups: monthly after hospital treatment (where the plan starts, the hospital having seen
    // the student), and one today, which the calendar shows.
    await page.getByTestId('follow-up-plan').filter({ hasText: '出院后' }).waitFor()
    expect(!(await page.getByTestId('follow-up-plan').textContent()).includes('自杀未遂'), 'never "after an attempt" by default')
    await choose(page, 'follow-up-plan', '出院后')
    await page.getByTestId('follow-up-add').click()
    await page.getByTestId('visit-open').nth(2).waitFor()
    await choose(page, 'follow-up-plan', '一次随访')
    await page.getByTestId('follow-up-add').click()
    await page.getByTestId('visit-open').nth(3).waitFor()
    await page.goto(`${base}/follow-ups`)
    const studentName = (await apiGet(psych, `/api/v1/cases/${caseId}`)).student.name
    await page.getByTestId('follow-up-calendar').getByText(studentName).first().waitFor()
    await expectContrast(page, 'the follow-up calendar')
    await page.goBack()
    await page.getByTestId('visit-open').first().waitFor()

    // Closing needs a closing assessment and no open follow-up.
    await page.getByTestId('case-close').click()
    await page.getByRole('alert').filter({ hasText: '结案评估' }).waitFor()
    await choose(page, 'record-kind', '结案评估')
    await page.getByTestId('record-body').fill('转介后规律治疗，复学一月情绪稳定，无轻生念头，家校持续关注。')
    await page.getByTestId('record-add').click()
    await page.getByTestId('case-records').getByText('复学一月情绪稳定').waitFor()
    await page.getByTestId('case-close').click()
    await page.getByRole('alert').filter({ hasText: '随访' }).waitFor()
    expect((await page.getByTestId('case-state').textContent()).includes('跟进中'), 'still open with follow-ups to do')
    for (let done = 1; done <= 4; done++) {
      await page.locator('[data-testid^=visit-record-]').first().click()
      await page.getByTestId('visit-result').getByText('稳定').click()
      await page.getByTestId('visit-note').fill(`第${done}次随访：上课专注，和同学交流正常。`)
      await page.getByTestId('visit-save').click()
      await page.getByTestId('visit-done').nth(done - 1).waitFor()
    }
    await page.getByTestId('case-close').click()
    await page.getByTestId('case-state').filter({ hasText: '已结案' }).waitFor()
    const timeline = await page.getByTestId('case-timeline').textContent()
    for (const step of ['师生结对', '积极干预', '同伴跟防', '家校协同', '及时转介']) {
      expect(timeline.includes(`进入“${step}”`), `the timeline shows the move to ${step}`)
    }
    for (const entry of ['会诊', '转介到医院', '医院接收转介', '医院反馈就诊情况', '医院完成复学评估', '学校制定复学计划', '完成一次随访']) {
      expect(timeline.includes(entry), `the timeline shows: ${entry}`)
    }
    expect(!timeline.includes('抑郁'), 'the timeline names steps, never the diagnosis')
    // The student's archive (一生一策) holds the case.
    await page.goto(`${base}/students/${(await apiGet(psych, `/api/v1/cases/${caseId}`)).student.id}`)
    await page.getByTestId('archive-cases').filter({ hasText: '已结案' }).waitFor()
    // The case closed, the hospital no longer sees the student.
    const after = await apiGet(await apiSession('hospital_partner'), '/api/v1/referrals')
    expect(!after.items.some((x) => x.case_id === caseId), 'the hospital lost sight of the student at closing')
    const closed = await apiGet(psych, `/api/v1/cases/${caseId}`)
    expect(closed.state === 'closed' && closed.records.length === 8, `closed with its eight records (${closed.records.length})`)

    // The county centre sees the case and who wrote what, not the words (T2 without T3).
    const bureau = await apiSession('bureau_staff')
    const seen = await apiGet(bureau, `/api/v1/cases/${caseId}`)
    expect(seen.records.length === 8 && !seen.bodies_shown && seen.records.every((x) => x.body === null),
      'no record words for the county centre')
  })

await test('a referral made at step 2, to a hospital chosen by the team, is withdrawn before the hospital answers', desktop,
  async (page) => {
    const psych = await apiSession('psychology_teacher')
    const post = (path, body) => fetch(`${base}${path}`, {
      method: 'POST', headers: { Cookie: psych.cookie, 'X-CSRF-Token': psych.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    // A case on a student with a live alert and no open case, on its second step.
    const inbox = await apiGet(psych, '/api/v1/alerts?limit=200')
    let caseId = 0
    for (const a of inbox.items) {
      const opened = await post('/api/v1/cases', { student_id: a.student_id, alert_id: a.id })
      if (opened.status === 201) { caseId = (await opened.json()).id; break }
    }
    expect(caseId > 0, 'a case is opened from an alert')
    await signIn(page, 'psychology_teacher', `/cases/${caseId}`)
    await choose(page, 'record-kind', '评估与建档')
    await page.getByTestId('record-body').fill('面谈确认有轻生念头，已告知家长。')
    await page.getByTestId('record-add').click()
    await page.getByTestId('case-records').getByText('面谈确认有轻生念头').waitFor()
    await page.getByTestId('case-advance').click()
    await page.getByTestId('case-steps').locator('li.current').filter({ hasText: '师生结对' }).waitFor()

    // Nothing is chosen for the team; a hospital nobody receives for online is marked, with the letter to print.
    const select = page.getByTestId('refer-hospital')
    expect((await select.textContent()).includes('选择医院'), `no hospital is chosen beforehand (${await select.textContent()})`)
    await choose(page, 'refer-hospital', '未开通线上接收')
    await page.getByTestId('refer-offline').waitFor()
    await choose(page, 'refer-hospital', '青溪市精神卫生中心')
    expect(await page.getByTestId('refer-offline').count() === 0, 'the city hospital receives online')
    await page.getByTestId('refer-reason').fill('一级预警，家长同意，需要尽快评估。')
    await page.getByTestId('refer-send').click()
    await page.getByTestId('referral-sent').waitFor()
    expect((await page.getByTestId('case-steps').locator('li.current').textContent()).includes('师生结对'), 'the case stays on its step')
    const hospital = await apiSession('hospital_partner')
    const sent = (await apiGet(hospital, '/api/v1/referrals')).items.find((x) => x.case_id === caseId)
    expect(sent && sent.state === 'sent', 'the hospital has it')

    // Withdrawn with a reason, after saying what will happen.
    await page.getByTestId('withdraw-reason').fill('家长决定先带孩子去外地医院。')
    await page.getByTestId('withdraw-send').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    expect((await box.textContent()).includes('医院不再能查看这名学生'), 'the confirm step says what will happen')
    await box.getByRole('button', { name: '撤回转介' }).click()
    await page.getByTestId('referral-withdrawn').waitFor()
    expect((await page.getByTestId('referral-withdraw-reason').textContent()).includes('外地医院'), 'the reason is kept')
    await expectPlainWords(page, 'a case with a withdrawn referral')
    const listed = (await apiGet(hospital, '/api/v1/referrals')).items.find((x) => x.id === sent.id)
    expect(listed && listed.state === 'withdrawn' && listed.student.name !== sent.student.name,
      `the hospital sees it was withdrawn, the name masked (${listed?.student.name})`)
    const gone = await fetch(`${base}/api/v1/referrals/${sent.id}`, { headers: { Cookie: hospital.cookie } })
    expect(gone.status === 404, `the referral no longer opens at the hospital (${gone.status})`)
    const hp = await (await browser.newContext({ viewport: desktop, locale: 'zh-CN' })).newPage()
    await signIn(hp, 'hospital_partner', '/referrals')
    await hp.getByTestId('referral-withdrawn').first().waitFor()
    expect((await hp.getByTestId('referral-table').textContent()).includes('学校已撤回'), 'the hospital\'s list says withdrawn')
    await hp.context().close()
    // The case can refer again.
    await page.getByTestId('refer-hospital').waitFor()
  })

await test('a school keeps its crisis team and records support in the ledger; the county centre sees numbers without names',
  desktop, async (page) => {
    await signIn(page, 'psychology_teacher', '/crisis-team')
    await page.getByTestId('team-table').getByText('演示校领导').waitFor()
    await page.getByTestId('team-login').fill('demo.gradelead')
    await page.getByTestId('team-add').click()
    await page.getByTestId('team-table').getByText('演示年级长').waitFor()
    // A guardian is no member of a crisis team.
    await page.getByTestId('team-login').fill('demo.guardian')
    await page.getByTestId('team-add').click()
    await page.getByRole('alert').filter({ hasText: '找不到这个账号' }).waitFor()

    // The ledger: students in special situations, who is paired, the support recorded.
    await page.goto(`${base}/ledger`)
    const firstRow = page.getByTestId('ledger-table').locator('tbody tr').first()
    await firstRow.waitFor()
    const name = (await firstRow.locator('a').first().textContent()).trim()
    expect((await firstRow.textContent()).includes('0 次'), 'no support recorded yet')
    await firstRow.locator('[data-testid^=support-]').click()
    await choose(page, 'support-kind', '学业辅导')
    await page.getByTestId('support-note').fill('每周二放学后数学辅导一小时。')
    await page.getByTestId('support-save').click()
    await page.getByRole('alert').filter({ hasText: '已记录' }).waitFor()
    await page.getByTestId('ledger-table').locator('tbody tr').first().filter({ hasText: '1 次' }).waitFor()
    // Pairing a teacher with the student (师生结对) from the ledger.
    await page.getByTestId('ledger-table').locator('tbody tr').first().locator('[data-testid^=pair-]').click()
    await page.getByTestId('pair-login').fill('demo.teacher')
    await page.getByTestId('pair-save').click()
    await page.getByTestId('ledger-table').locator('tbody tr').first().filter({ hasText: '演示班主任' }).waitFor()
    await expectContrast(page, 'the ledger')
    // The support shows on the student's page, with its note for the psychology teacher.
    await page.getByTestId('ledger-table').locator('tbody tr').first().locator('a').first().click()
    await page.getByTestId('supports').filter({ hasText: '数学辅导' }).waitFor()
    await page.goBack()

    // The county centre: coverage and the crisis register per school, and never a name.
    const county = accounts.bureau_staff[3]
    const bureau = await apiSession('bureau_staff')
    const coverage = await apiGet(bureau, `/api/v1/org-units/${county}/ledger/coverage`)
    expect(coverage.items.length > 0 && !JSON.stringify(coverage).includes(name), 'coverage per school, without names')
    const bureauContext = await browser.newContext({ viewport: desktop, locale: 'zh-CN' })
    const bp = await bureauContext.newPage()
    await signIn(bp, 'bureau_staff', '/ledger')
    await bp.getByTestId('ledger-coverage').locator('tbody tr').first().waitFor()
    expect(!(await bp.getByTestId('ledger-coverage').textContent()).includes(name), 'the coverage page names no student')
    await bp.goto(`${base}/cases`)
    await bp.getByTestId('case-filter').getByText('各校统计').click()
    await bp.getByTestId('case-counts').locator('tbody tr').first().waitFor()
    await bp.screenshot({ path: join(shots, 'register-counts.png'), fullPage: true })
    await bureauContext.close()
  })

await test('a bureau user sets an alert notification; a new alert reaches a real receiver, signed, with nothing about the student',
  desktop, async (page) => {
    // A receiver on loopback, as a school's IT would run one.
    const received = []
    const receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => { body += c })
      req.on('end', () => { received.push({ url: req.url, headers: req.headers, body }); res.writeHead(200); res.end('{}') })
    })
    await new Promise((r) => receiver.listen(0, '127.0.0.1', r))
    const hookUrl = `http://127.0.0.1:${receiver.address().port}/xinqiao-hook`
    const secret = 'e2e signing secret'
    try {
      await signIn(page, 'bureau_staff')
      await page.getByTestId('menu').getByRole('link', { name: '预警推送' }).click()
      await choose(page, 'hook-format', '其他系统')
      await page.getByTestId('hook-url').fill(hookUrl)
      await page.getByTestId('hook-secret').fill(secret)
      await page.getByTestId('hook-add').click()
      await page.getByTestId('hook-table').getByText('http://127.0.0.1:').waitFor()
      expect(!(await page.getByTestId('hook-table').textContent()).includes('xinqiao-hook'), 'the list shows the host only')

      // A peer reports a classmate who has no open alert: a new level II alert, announced.
      const psych = await apiSession('psychology_teacher')
      const live = new Set()
      for (let offset = 0; ; offset += 200) {
        const inbox = await apiGet(psych, `/api/v1/alerts?limit=200&offset=${offset}`)
        for (const a of inbox.items) live.add(a.student_id)
        if (offset + 200 >= inbox.total) break
      }
      const peer = await apiSession('peer_observer')
      const classmate = (await apiGet(peer, '/api/v1/signals/students')).items.find((c) => !live.has(c.id))
      expect(classmate, 'a classmate without an open alert')
      const filed = await fetch(`${base}/api/v1/signals`, {
        method: 'POST', headers: { Cookie: peer.cookie, 'X-CSRF-Token': peer.csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify({ student_id: classmate.id, concerns: ['self_harm_talk'], note: '悄悄话不能外传' }),
      })
      expect(filed.status === 202, `the report is received (${filed.status})`)
      for (let i = 0; i < 60 && !received.length; i++) await new Promise((r) => setTimeout(r, 250))
      expect(received.length >= 1, 'the receiver got the new alert within the delivery interval')
      const got = received[0]
      const expected = 'sha256=' + createHmac('sha256', secret).update(`${got.headers['x-xinqiao-timestamp']}.${got.body}`).digest('hex')
      expect(got.headers['x-xinqiao-signature'] === expected, 'the signature checks out with the shared secret')
      const message = JSON.parse(got.body)
      expect(message.event === 'alert.raised' && message.level === 'II' && message.link.includes('/alerts/'), `what happened and a link (${got.body})`)
      const everything = got.url + got.body + JSON.stringify(got.headers)
      for (const personal of [classmate.name, classmate.class_name, classmate.school_name, '悄悄话']) {
        expect(!everything.includes(personal), `nothing about the student leaves (${personal})`)
      }
      await page.reload()
      await page.getByTestId('hook-table').getByText('已送达').waitFor()
      await page.screenshot({ path: join(shots, 'webhooks-desktop.png') })
      await expectContrast(page, 'the notifications page')
    } finally {
      receiver.close()
    }
  })

await test('the sign-in works with the keyboard alone', desktop, async (page) => {
  await page.goto(`${base}/sign-in`)
  await expectContrast(page, 'the sign-in page')
  // The cursor starts in the login field.
  await page.waitForFunction(() => document.activeElement?.id === 'login')
  await page.keyboard.type(accounts.class_teacher[0])
  await page.keyboard.press('Tab')
  await page.keyboard.type(accounts.class_teacher[1])
  await page.keyboard.press('Enter')
  await page.getByTestId('who').waitFor()
  // The first Tab reaches the skip link, Enter moves to the content.
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement.textContent.includes('跳到正文')), 'a skip link comes first')
  const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((e) => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label') && !e.closest('[aria-label]'))
    .map((e) => e.outerHTML.slice(0, 60)))
  expect(unlabeled.length === 0, `every control has a label: ${unlabeled.join(' ')}`)
})

await browser.close()
server.kill('SIGTERM')
rmSync(dir, { recursive: true, force: true })
console.log(`web e2e: ${passed} passed, ${failures.length} failed; screenshots in ${shots}`)
process.exit(failures.length ? 1 : 0)
