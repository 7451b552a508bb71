// Bundles our own code for the server, the CLI and the benchmarks; dependencies stay external
// because PGlite loads its WASM and data files relative to its own package.
import { build } from 'esbuild';

await build({
  entryPoints: {
    server: 'server/main.ts',
    cli: 'server/cli/main.ts',
    bench: 'bench/main.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.yaml': 'text' },
});
