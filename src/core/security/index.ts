export { normalizeWorkspacePath, type PathCheck } from './workspacePath';
export { checkReadablePath, checkWritablePath, type PathPolicy } from './protectedPaths';
export { redactSecrets, redactEnvValues, redactFileContent, isEnvFile, REDACTED } from './redactSecrets';
export { isSecretName } from './secretNames';
export { assessCommand, shellQuote } from './shellCommand';
export { checkFetchUrl, literalAddress, blockedAddress, type UrlCheck } from './endpointGuard';
