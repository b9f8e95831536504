/**
 * Imported first by the local entry points: the handlers' loggers and metrics read these when they are loaded.
 * The rehearsal shows its own timeline; the handlers' JSON logs go nowhere unless REKEY_VERBOSE is set.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
if (!process.env.REKEY_VERBOSE) {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}
