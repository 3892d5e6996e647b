export { PlanFormatError } from "./format";
export { guardPlan, protectedAdvice } from "./guard";
export { renderMarkdown, renderText } from "./render";
export { hasChanges, summarizePlan } from "./summary";
export type * from "./types";
