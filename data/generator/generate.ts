import { generateDemo } from './generate-cli.ts';

// the command line: data/generator/generate-cli.ts, then the process's exit code
if (generateDemo(process.argv.slice(2)) !== 0) process.exit(1);
