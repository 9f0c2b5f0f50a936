// Operation types from the checked-in schema: every `graphql(...)` document in src/ is validated
// against ../schema.graphql and typed, so a schema change that breaks the admin fails
// `npm run typecheck` (and CI). The output, src/gql/, is generated and not committed.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: [
    "../schema.graphql",
    // Apollo Federation's directives are imported by @link, not declared in the SDL.
    "codegen/federation.graphql",
  ],
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  silent: true,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: {
          DateTime: "string",
          JSON: "unknown",
          MinorUnits: "number",
          RichTextDocument: "unknown",
          _Any: "unknown",
        },
      },
    },
  },
};

export default config;
