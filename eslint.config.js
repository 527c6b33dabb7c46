// ESLint for static/js (`make lint`): browser ES modules only, no globals of our own.
import js from "@eslint/js";
import globals from "globals";

// The page's modules talk through imports, never through properties put on the global object.
// (Module scope already keeps top-level names local; `no-undef` catches assignments to undeclared names.)
const GLOBAL_OBJECT = "/^(window|globalThis|self)$/";

export default [
  { ignores: ["node_modules/", "var/", ".venv/"] },
  js.configs.recommended,
  {
    files: ["static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.browser,
    },
    rules: {
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "always"],
      "no-restricted-syntax": [
        "error",
        {
          selector: `AssignmentExpression > MemberExpression.left[object.name=${GLOBAL_OBJECT}]`,
          message: "Do not put state on the global object; export it from a module.",
        },
        {
          selector: `CallExpression[callee.object.name='Object'][callee.property.name=/^(assign|defineProperty|defineProperties)$/][arguments.0.name=${GLOBAL_OBJECT}]`,
          message: "Do not put state on the global object; export it from a module.",
        },
      ],
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
