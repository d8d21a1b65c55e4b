export { normalizeWorkspacePath, type PathCheck } from './workspacePath';
export { commandFileReason } from './commandFiles';
export { checkReadablePath, checkWritablePath, type PathPolicy } from './protectedPaths';
export { redactSecrets, holdsSecret, redactNamedValue, redactStructured, redactToolArguments, scrubKnown, scrubKnownValues, mapStringValues, redactEnvValues, redactFileContent, attachedFileText, redactTaskText, isEnvFile, REDACTED } from './redactSecrets';
export { isSecretName } from './secretNames';
export { holdsRedaction } from './redactionMark';
export { secretsToLearn } from './secretValues';
export { assessCommand, shellQuote } from './shellCommand';
export { checkFetchUrl, literalAddress, blockedAddress, type UrlCheck } from './endpointGuard';
