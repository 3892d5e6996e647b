export { guardPlan, protectedAdvice } from "./guard";
export { renderMarkdown, renderText } from "./render";
export * from "./summary";
