// `npm run lint`: TypeScript's recommended rules, React hooks, and one import order.
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";

export default tseslint.config(
  { ignores: ["build/", "public/build/", ".data/", ".cache/", "test-results/", "playwright-report/", "node_modules/"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "import-x": importX },
    settings: { "import-x/internal-regex": "^~/" },
    rules: {
      // The classic hook rules; the React Compiler's rules (refs, set-state-in-effect, …) are
      // left off because the app does not use the compiler.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "import-x/order": ["error", { groups: ["builtin", "external", "internal", "parent", "sibling", "index", "type"] }],
      "import-x/first": "error",
      "import-x/no-duplicates": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  // Playwright fixtures call a function named `use`, which is not React's.
  { files: ["test/e2e/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
);
