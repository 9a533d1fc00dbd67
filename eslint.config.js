import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      "artifacts",
      "cache",
      "types",
      "cdk.out",
      ".local",
      "coverage",
      "ignition/deployments",
      "packages/*/dist",
      "test/packages/consumer/out",
      "console/dist",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    // Domain code is pure: no AWS SDK, no ethers, no I/O.
    files: ["lambdas/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "@aws-sdk/*",
            "@aws-lambda-powertools/*",
            "@middy/*",
            "ethers",
            "node:fs",
            "node:http",
            "node:net",
          ],
        },
      ],
    },
  },
);
