// Holds the server to its OpenAPI document: every JSON answer the pages receive during the browser
// suite is validated against the schema the document gives for its route and status. The web
// app's types are generated from that document, so a field the document promises but the server
// leaves out would be a type the pages trust wrongly; this is where it shows.
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

  // The problems with one answer (empty when it matches, or when the document has no schema for it).
  return function check(method, pathname, status, body) {
    const route = routes.find((r) => r.pattern.test(pathname))
    if (!route) return [`${method} ${pathname} is not in the OpenAPI document`]
    const op = doc.paths[route.template][method.toLowerCase()]
    if (!op) return [`${method} ${route.template} is not in the OpenAPI document`]
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
}
