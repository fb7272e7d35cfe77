// The bot in a child process for the crash-recovery test (line-faults.test.ts), which SIGKILLs it
// after it stored a webhook's events and before it processed them. @swc/register is not installed,
// so TypeScript is compiled on require with @swc/core's transformSync (no type-check: tsc does that).
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: false,
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  module._compile(code, filename);
};

require('./crash-child-main.ts');
