// Parses PromQL expressions with Prometheus's own Lezer grammar (@prometheus-io/lezer-promql, the parser of the
// Prometheus web UI's editor) and reports every expression whose tree holds a syntax error.
// Input: a JSON file [{ "name": "...", "expr": "..." }, ...]. Output: one line per failure; exit 1 when any fails.
import { readFileSync } from "node:fs";
import { parser } from "@prometheus-io/lezer-promql";

const expressions = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failures = 0;
for (const { name, expr } of expressions) {
  const tree = parser.parse(expr);
  let error = null;
  tree.iterate({
    enter(node) {
      if (error === null && node.type.isError) {
        error = node.from;
      }
    },
  });
  if (error !== null) {
    failures++;
    console.log(`${name}: syntax error at ${error}: ${expr.slice(Math.max(0, error - 20), error)} >>> ${expr.slice(error, error + 20)}`);
  }
}
console.log(`parsed ${expressions.length} expressions, ${failures} with errors`);
process.exit(failures === 0 ? 0 : 1);
