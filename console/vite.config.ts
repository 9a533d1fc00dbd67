import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The console is served under /console/ (locally by `npm start`, on AWS by CloudFront) next to its API at
// /console/api. No React plugin: the app needs no fast refresh, so Vite's own JSX transform is enough.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/console/",
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
  },
});
