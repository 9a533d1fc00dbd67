// Handler logs are JSON lines on stdout; in tests they drown the runner's report. Tests that assert on
// logs set POWERTOOLS_LOG_LEVEL themselves. Run with POWERTOOLS_LOG_LEVEL=DEBUG to see everything.
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
// Metrics are EMF JSON lines on stdout too; tests observe metrics through their ports, not stdout.
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
