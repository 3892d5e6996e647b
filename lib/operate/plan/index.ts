export { renderMarkdown, renderText } from "./render";
export * from "./summary";
