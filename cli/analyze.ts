import { runCli } from './run-cli.ts';

// the command line: cli/run-cli.ts, then the process's exit code
void runCli(process.argv.slice(2)).then((code) => {
  if (code !== undefined) process.exit(code);
});
