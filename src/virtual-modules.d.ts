/** DuckDB-wasm's engine file, from vite.config.ts (`duckdbWasmGz`): gzip-compressed in the build. */
declare module 'virtual:duckdb-wasm' {
  const engine: { url: string; gzip: boolean };
  export default engine;
}
