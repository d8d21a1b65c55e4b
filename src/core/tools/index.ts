export * from './definitions';
export { TOOLS, INDEX_TOOLS, toolsFor, getTool, openAITools, parametersSchema, parserTools } from './registry';
export type { OpenAIFunctionTool } from './registry';
export { renderToolsAsText } from './textRendering';
export { validateToolCall } from './validate';
export type { Validation } from './validate';
export { CATEGORIES, CATEGORY_NAMES, categoryPrompt, toolsForCategory, parseCategoryChoice, measureRoutingSavings } from './routing';
export type { RoutingSavings } from './routing';
