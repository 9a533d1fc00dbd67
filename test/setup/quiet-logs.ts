// Handler logs are JSON lines on stdout; in tests they drown the runner's report. Tests that assert on
// logs set POWERTOOLS_LOG_LEVEL themselves. Run with POWERTOOLS_LOG_LEVEL=DEBUG to see everything.
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
