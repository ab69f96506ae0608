/**
 * The SARIF 2.1.0 JSON schema as a package ships it (@microsoft/jest-sarif carries
 * schemastore's sarif-2.1.0-rtm.5.json, the final 2.1.0 schema), compiled with
 * Ajv's draft-04 class, which that schema is written in.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import AjvFormats from "ajv-formats";

// CommonJS packages: under NodeNext the default import is module.exports, whose `default` is the class (and the plugin).
const Ajv = AjvDraft04.default;
const addFormats = AjvFormats.default;

const require = createRequire(import.meta.url);
export const SARIF_SCHEMA_FILE = join(dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib", "schemas", "sarif-2.1.0-rtm.5.json");

// unicodeRegExp off: the schema's language pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` is not valid with the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_FILE, "utf8")) as object);

/** The schema's complaints about `log`, one line each; empty when it is valid SARIF 2.1.0. */
export function sarifSchemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((error: { instancePath: string; message?: string; params: unknown }) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
}
