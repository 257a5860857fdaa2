export { SecurityRules, compileRule, permissionDenied } from './security-rules';
export { OWNER_RULE, SIMPLE_MODES } from './simple-modes';
export { parseRuleExpression, RuleSyntaxError } from './expression';
