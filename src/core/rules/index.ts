export { parseRuleFile, alwaysRule } from './rule';
export type { Rule, ParsedRule } from './rule';
export { ActiveRules, describeRules, pathsIn } from './activeRules';
export type { GlobMatcher, LoadedRules, RulesSource, RuleCost, RuleLimits } from './activeRules';
