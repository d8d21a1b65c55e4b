export { parseRuleFile, alwaysRule } from './rule';
export type { Rule, ParsedRule } from './rule';
export { ActiveRules, describeRules, pathsIn, RULES_HEADING } from './activeRules';
export type { GlobMatcher, LoadedRules, RulesSource, RuleCost, RuleLimits } from './activeRules';
