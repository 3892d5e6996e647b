export { ACTION_STATE_SETTING, guardPlan } from "./guard";
export { renderMarkdown, renderText } from "./render";
export * from "./summary";
