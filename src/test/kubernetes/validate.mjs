// Validates Kubernetes objects against the API's own schemas: kubernetes-models' validators are generated from the
// OpenAPI document of Kubernetes (4.5.1: the API of about Kubernetes 1.33; 5.x wants Node.js 22). Reads a JSON array
// of {source, object} (the file argument), prints a JSON array of {source, errors} on stdout. Run by
// KubernetesManifestsTest, which parses the YAML and checks the results.
import { readFileSync } from "node:fs";

// Never a valid value of any field the schemas know: an array of arrays of arrays.
const IMPOSSIBLE = [[[]]];

async function modelOf(apiVersion, kind) {
  try {
    const group = await import(`kubernetes-models/${apiVersion}`);
    return group[kind];
  } catch {
    return undefined;
  }
}

function errorsOf(Model, object) {
  try {
    new Model(object).validate();
    return [];
  } catch (e) {
    return (e.errors ?? [{ instancePath: "", message: e.message }])
      .map((error) => `${error.instancePath || "/"}: ${error.message}`);
  }
}

// The schemas allow fields they do not know (a typo such as livenesProbe passes), as the API server's non-strict
// decoding does. A field is known when a value no schema accepts, put in its place, fails the validation.
function unknownFields(Model, object) {
  const unknown = [];
  const visit = (value, path) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
    } else if (value !== null && typeof value === "object") {
      for (const key of Object.keys(value)) {
        const changed = structuredClone(object);
        const parent = path.reduce((node, step) => node[step], changed);
        parent[key] = IMPOSSIBLE;
        if (errorsOf(Model, changed).length === 0) unknown.push(`/${[...path, key].join("/")}: unknown field`);
        else visit(value[key], [...path, key]);
      }
    }
  };
  visit(object, []);
  return unknown;
}

const results = [];
for (const { source, object } of JSON.parse(readFileSync(process.argv[2], "utf8"))) {
  const Model = await modelOf(object.apiVersion, object.kind);
  if (!Model) {
    results.push({ source, errors: [`no schema for apiVersion ${object.apiVersion}, kind ${object.kind}`] });
    continue;
  }
  const errors = errorsOf(Model, object);
  results.push({ source, errors: errors.length > 0 ? errors : unknownFields(Model, object) });
}
console.log(JSON.stringify(results));
