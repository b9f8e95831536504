/**
 * Imported first by the CLI's entry points (./main.ts, bin/rekey.ts). The Lambda code the CLI runs in-process (the
 * rotation, intake and provider steps in lambdas/) writes through a Powertools logger, configured when it is loaded:
 * the CLI prints its own output, so those JSON logs go nowhere unless REKEY_VERBOSE is set. The AWS SDK's
 * Node-version notice, which would print on every call, is silenced too.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
if (!process.env.REKEY_VERBOSE) process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
