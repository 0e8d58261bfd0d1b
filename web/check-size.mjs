// Prints the gzipped size of what each entry page loads and fails the build if the student
// entry goes over its budget (150 KB of JavaScript, gzipped): a questionnaire must open fast on a
// cheap phone on a slow school network.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const BUDGET = 150 * 1024

function loaded(page, seen = new Set()) {
  const html = readFileSync(`dist/${page}`, 'utf8')
  for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)) seen.add(m[1])
  // Chunks the entry imports statically.
  let grew = true
  while (grew) {
    grew = false
    for (const file of [...seen].filter((f) => f.endsWith('.js'))) {
      const js = readFileSync(`dist/${file}`, 'utf8')
      for (const m of js.matchAll(/from"\.\/([^"]+\.js)"|import"\.\/([^"]+\.js)"/g)) {
        const dep = `assets/${m[1] ?? m[2]}`
        if (!seen.has(dep)) { seen.add(dep); grew = true }
      }
    }
  }
  return seen
}

let failed = false
for (const page of ['index.html', 'student.html']) {
  let js = 0, css = 0
  for (const file of loaded(page)) {
    const size = gzipSync(readFileSync(`dist/${file}`), { level: 9 }).length
    if (file.endsWith('.js')) js += size
    else if (file.endsWith('.css')) css += size
  }
  const line = `${page}: JavaScript ${(js / 1024).toFixed(1)} KB gzipped, CSS ${(css / 1024).toFixed(1)} KB gzipped`
  if (page === 'student.html') {
    console.log(`${line} (budget ${BUDGET / 1024} KB of JavaScript)`)
    if (js > BUDGET) failed = true
  } else {
    console.log(line)
  }
}
if (failed) {
  console.error('the student entry is over its JavaScript budget')
  process.exit(1)
}
