/** Program files are imported as text: vite's `?raw`, and the same suffix in our esbuild build. */
declare module '*.yaml?raw' {
  const text: string;
  export default text;
}
