export { SecurityRules, permissionDenied } from './security-rules';
export { BASIC_PERMISSIONS, DEFAULT_PERMISSION, type BasicPermission } from './basic-permissions';
export { compileRule } from './custom-rules';
export { callerId, OPENID_PLACEHOLDER } from './query-pins';
export { parseRuleExpression, RuleSyntaxError } from './expression';
