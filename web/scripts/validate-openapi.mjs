// Validates the OpenAPI document the server publishes (src/http/openapi.json, embedded byte for
// byte into the binary) with a standard validator, and keeps it 3.1-clean: the 3.0-only keywords
// that a 3.1 validator silently accepts as unknown (`nullable`, boolean `exclusiveMinimum`) are
// refused here. Run by ctest as OpenApiValid; exits non-zero with every problem listed.
import SwaggerParser from "@apidevtools/swagger-parser";
import { readFileSync } from "node:fs";

const path = process.argv[2];
if (!path) {
  console.error("usage: node validate-openapi.mjs <openapi.json>");
  process.exit(2);
}
const document = JSON.parse(readFileSync(path, "utf8"));

// Keywords of OpenAPI 3.0's schema dialect that mean something else, or nothing, in 3.1.
function legacyKeywords(node, pointer = "#", found = []) {
  if (Array.isArray(node)) {
    node.forEach((v, i) => legacyKeywords(v, `${pointer}/${i}`, found));
  } else if (node && typeof node === "object") {
    if ("nullable" in node) found.push(`${pointer}: "nullable" is OpenAPI 3.0; use "type": [..., "null"]`);
    for (const k of ["exclusiveMinimum", "exclusiveMaximum"]) {
      if (typeof node[k] === "boolean") found.push(`${pointer}: boolean "${k}" is OpenAPI 3.0; give the bound`);
    }
    for (const [k, v] of Object.entries(node)) {
      legacyKeywords(v, `${pointer}/${k.replaceAll("~", "~0").replaceAll("/", "~1")}`, found);
    }
  }
  return found;
}

async function problems(doc) {
  const found = [];
  if (!String(doc.openapi ?? "").startsWith("3.1.")) found.push(`openapi is "${doc.openapi}", expected 3.1.x`);
  found.push(...legacyKeywords(doc));
  try {
    await SwaggerParser.validate(structuredClone(doc));
  } catch (e) {
    found.push(e.message);
  }
  return found;
}

// The checks must be able to fail: each of these broken copies has to be refused.
const broken = {
  "a 3.0 declaration": (d) => { d.openapi = "3.0.3"; },
  "a response without a description": (d) => { d.paths["/xinqiao-selfcheck"] = { get: { responses: { 200: {} } } }; },
  "a dangling $ref": (d) => { d.paths["/xinqiao-selfcheck"] = { get: { responses: { 200: { $ref: "#/components/responses/Nope" } } } }; },
  "a nullable schema": (d) => { d.components.schemas.XinqiaoSelfCheck = { type: "integer", nullable: true }; },
};
for (const [what, breakIt] of Object.entries(broken)) {
  const copy = structuredClone(document);
  breakIt(copy);
  if ((await problems(copy)).length === 0) {
    console.error(`validator self-check failed: ${what} was accepted`);
    process.exit(1);
  }
}

const found = await problems(document);
if (found.length > 0) {
  console.error(`${path}: not a valid OpenAPI 3.1 document`);
  for (const p of found) console.error(p);
  process.exit(1);
}
const operations = Object.values(document.paths).flatMap((item) =>
  Object.keys(item).filter((k) => ["get", "put", "post", "delete", "patch"].includes(k)));
console.log(`${path}: valid OpenAPI ${document.openapi}, ${Object.keys(document.paths).length} paths, ` +
  `${operations.length} operations, ${Object.keys(document.components.schemas).length} schemas`);
