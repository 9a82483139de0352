// `npm run build:server`: compiles the server's entry points to build/server/*.js, so production
// runs `node build/server/start.js` without tsx. Each entry is one file with the app's own code
// bundled in; packages stay imports resolved from node_modules at run time.
import { build } from "esbuild";

await build({
  entryPoints: ["app/server/start.ts", "app/server/worker.ts", "app/server/web-worker.ts", "db/cli.ts"],
  entryNames: "[name]",
  outdir: "build/server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  plugins: [
    {
      // Bare imports are packages (and node: built-ins), except "~/", the app's own path alias.
      name: "packages-stay-external",
      setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
});
