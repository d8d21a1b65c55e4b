export { normalizeWorkspacePath, type PathCheck } from './workspacePath';
export { commandFileReason } from './commandFiles';
export { checkReadablePath, checkWritablePath, type PathPolicy } from './protectedPaths';
export { redactSecrets, redactNamedValue, redactStructured, redactToolArguments, scrubKnown, scrubKnownValues, mapStringValues, redactEnvValues, redactFileContent, attachedFileText, redactTaskText, isEnvFile, REDACTED } from './redactSecrets';
export { redactedHead } from './redactedHead';
export { isSecretName } from './secretNames';
export { assessCommand, shellQuote } from './shellCommand';
export { checkFetchUrl, literalAddress, blockedAddress, type UrlCheck } from './endpointGuard';
