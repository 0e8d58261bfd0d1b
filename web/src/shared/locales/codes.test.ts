// Every code the server sends a page has its words in both catalogues. The OpenAPI document, which
// tests/http/openapi_test.cpp and the browser suite hold to the server, lists each code a field can
// take (`enum`), and names with `x-words` the catalogue keys that word them (`x-words: "roles"`:
// roles.admin, roles.auditor, ...), or says `x-words: false` for a code no page shows (a sort key).
// A new enum without that decision fails here, and so does a code whose words are missing.
/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { en } from './en'
import { zhCN } from './zh-CN'

type Tree = { [key: string]: string | Tree }
type Schema = { enum?: unknown[]; 'x-words'?: string | false; [key: string]: unknown }

// The tests run in web/ (package.json's scripts), beside the server's src/.
const doc = JSON.parse(readFileSync('../src/http/openapi.json', 'utf8'))

function wordsAt(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined
    node = node[part]
  }
  return typeof node === 'string' ? node : undefined
}

// Every schema in the document that lists codes, with where it stands.
function enums(): { where: string; schema: Schema }[] {
  const out: { where: string; schema: Schema }[] = []
  const walk = (v: unknown, where: string) => {
    if (Array.isArray(v)) v.forEach((c, i) => walk(c, `${where}/${i}`))
    else if (v && typeof v === 'object') {
      const s = v as Schema
      if (Array.isArray(s.enum)) out.push({ where, schema: s })
      for (const [k, c] of Object.entries(s)) if (k !== 'enum') walk(c, `${where}/${k}`)
    }
  }
  walk(doc, '')
  return out
}

describe('codes the server sends', () => {
  const listed = enums()

  it('are listed by the document', () => {
    expect(listed.length).toBeGreaterThan(50)
  })

  it('each say where their words are', () => {
    for (const { where, schema } of listed) {
      expect(typeof schema['x-words'] === 'string' || schema['x-words'] === false, `${where} has no x-words`).toBe(true)
    }
  })

  it('have words in Chinese and in English', () => {
    for (const { where, schema } of listed) {
      const prefix = schema['x-words']
      if (typeof prefix !== 'string') continue
      for (const code of schema.enum ?? []) {
        if (code === null) continue
        const key = `${prefix}.${code}`
        expect(wordsAt(zhCN as unknown as Tree, key), `${key} (zh-CN), for ${where}`).toBeTruthy()
        expect(wordsAt(en as unknown as Tree, key), `${key} (en), for ${where}`).toBeTruthy()
      }
    }
  })

  it('are worded in Chinese without English codes', () => {
    for (const { schema } of listed) {
      const prefix = schema['x-words']
      if (typeof prefix !== 'string') continue
      for (const code of schema.enum ?? []) {
        if (code === null) continue
        const zh = wordsAt(zhCN as unknown as Tree, `${prefix}.${code}`) ?? ''
        expect(/[a-z]{3,}/.test(zh), `${prefix}.${code} reads "${zh}" on a Chinese page`).toBe(false)
      }
    }
  })
})
