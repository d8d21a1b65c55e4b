export { normalizeWorkspacePath, type PathCheck } from './workspacePath';
export { redactSecrets, redactEnvValues, redactFileContent, isEnvFile, REDACTED } from './redactSecrets';
export { assessCommand, shellQuote } from './shellCommand';
