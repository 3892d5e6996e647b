// The layout's rules, checked by `npm run lint`: lib/ is a folder per concept, with no file
// loose at its top, and no two modules import each other (directly or around a circle).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import circle makes load order matter and the concepts inseparable.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-loose-lib-files",
      severity: "error",
      comment: "Every module in lib/ belongs to a concept's folder (docs/internals.md#layout).",
      from: { path: "^lib/[^/]+\\.ts$" },
      to: {},
    },
    {
      name: "no-imports-of-loose-lib-files",
      severity: "error",
      from: {},
      to: { path: "^lib/[^/]+\\.ts$" },
    },
    {
      name: "lib-does-not-import-tests-or-scripts",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(__tests__|scripts)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules|\\.gen/" },
    exclude: { path: "\\.gen/|node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
