// Offline Cypher check: syntax and semantic errors (undefined variables, undeclared parameters, ...)
// for every statement the Neo4j store can send, using Neo4j's own language-support parser.
// Input: JSON [{name, statement, parameters}] from a file argument or stdin; `parameters` lists names
// (or is a map) so $-parameters count as declared. Prints each error with the statement's name and
// exits 1 when any statement has an error (warnings are printed, not fatal).
import { readFileSync } from 'node:fs';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const source = process.argv[2] && process.argv[2] !== '-' ? readFileSync(process.argv[2], 'utf8') : readFileSync(0, 'utf8');
const statements = JSON.parse(source);
if (!Array.isArray(statements) || statements.length === 0) {
  console.error('lint.mjs: expected a non-empty JSON array of {name, statement, parameters}.');
  process.exit(2);
}

const ERROR = 1;
let failed = 0;
for (const { name, statement, parameters } of statements) {
  const declared = Array.isArray(parameters)
    ? Object.fromEntries(parameters.map((p) => [p, null]))
    : (parameters ?? {});
  const { diagnostics } = lintCypherQuery(statement, { parameters: declared });
  const errors = diagnostics.filter((d) => d.severity === ERROR);
  for (const d of diagnostics) {
    const where = `line ${d.range.start.line + 1}, column ${d.range.start.character + 1}`;
    const kind = d.severity === ERROR ? 'ERROR' : 'warning';
    console.log(`${kind} [${name}] ${where}: ${d.message}`);
  }
  if (errors.length > 0) failed++;
}
console.log(`checked ${statements.length} statements, ${failed} with errors`);
process.exit(failed > 0 ? 1 : 0);
