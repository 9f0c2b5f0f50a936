import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The API serves the build at /admin; `npm run dev` proxies /graphql to a local `make demo`.
export default defineConfig({
  base: "/admin/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: {
    proxy: { "/graphql": { target: "http://127.0.0.1:8000", changeOrigin: false } },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
