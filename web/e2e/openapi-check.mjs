// Holds the server to its OpenAPI document: every JSON answer the pages receive during the browser
// suite is validated against the schema the document gives for its route and status. The web
// app's types are generated from that document, so a field the document promises but the server
// leaves out would be a type the pages trust wrongly; this is where it shows. The filters the pages
// send are held to it too: a query parameter the document does not name is a filter the typed
// client cannot check.
import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020.js'

export function openApiChecker(documentPath) {
  const doc = JSON.parse(readFileSync(documentPath, 'utf8'))
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })
  ajv.addSchema({ ...doc, $id: 'openapi' })
  const pointer = (...parts) => parts.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')
  // Literal segments before parameters: /org-units/search is not /org-units/{id}.
  const routes = Object.keys(doc.paths).sort((a, b) => a.split('{').length - b.split('{').length).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  const compiled = new Map()

  const resolve = (p) => (p.$ref ? p.$ref.slice(2).split('/').reduce((o, k) => o[k], doc) : p)
  const operation = (method, pathname) => {
    const route = routes.find((r) => r.pattern.test(pathname))
    if (!route) return { problem: `${method} ${pathname} is not in the OpenAPI document` }
    const op = doc.paths[route.template][method.toLowerCase()]
    if (!op) return { problem: `${method} ${route.template} is not in the OpenAPI document` }
    return { route, op }
  }

  // The query parameters of one request that its route does not document.
  function query(method, pathname, searchParams) {
    const { route, op, problem } = operation(method, pathname)
    if (problem) return [problem]
    const named = new Set([...(doc.paths[route.template].parameters ?? []), ...(op.parameters ?? [])]
      .map(resolve).filter((p) => p.in === 'query').map((p) => p.name))
    return [...new Set(searchParams.keys())].filter((k) => !named.has(k))
      .map((k) => `${method} ${route.template} sends ?${k}, which the OpenAPI document does not name`)
  }

  // The problems with one answer (empty when it matches, or when the document has no schema for it).
  function answer(method, pathname, status, body) {
    const { route, op, problem } = operation(method, pathname)
    if (problem) return [problem]
    let code = String(status)
    let response = op.responses?.[code]
    if (!response) {
      code = 'default'
      response = op.responses?.default
    }
    if (!response) return [`${method} ${route.template} does not document status ${status}`]
    let base = pointer('paths', route.template, method.toLowerCase(), 'responses', code)
    if (response.$ref) {
      base = response.$ref.slice(2)
      response = response.$ref.slice(2).split('/').reduce((o, k) => o[k], doc)
    }
    if (!response.content?.['application/json']?.schema) return []
    const ref = `openapi#/${base}/content/${pointer('application/json')}/schema`
    if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: ref }))
    const validate = compiled.get(ref)
    if (validate(body)) return []
    return validate.errors.slice(0, 5).map((e) => `${method} ${route.template} ${status}: ${e.instancePath || '/'} ${e.message}`)
  }

  return { answer, query }
}
