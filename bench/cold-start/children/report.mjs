// Imported first by every child: prints peak RSS (MB) as the last stdout line when the process exits.
process.on('exit', () => {
  process.stdout.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
});
