export { ACTION_STATE_SETTING } from "./guard";
export { renderMarkdown, renderText } from "./render";
export * from "./summary";
