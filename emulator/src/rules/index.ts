export { SecurityRules, permissionDenied } from './security-rules';
export { BASIC_PERMISSIONS, DEFAULT_PERMISSION, type BasicPermission } from './basic-permissions';
export { compileRule } from './custom-rules';
export { parseRuleExpression, RuleSyntaxError } from './expression';
