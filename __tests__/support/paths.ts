import path from "node:path";

/** The repository root, whatever folder a test file sits in. */
export const ROOT = path.resolve(__dirname, "../..");
export const FIXTURES = path.join(ROOT, "__tests__", "fixtures");
export const SUPPORT = __dirname;
